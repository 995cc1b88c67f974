using System.Xml.Linq;
using SimCore.Diagnostics;
using SimCore.Scenarios.Yaml;

namespace SimCore.OpenScenario;

/// <summary>Reads ParameterDeclarations into a scope, applying command-line overrides to the global one.</summary>
internal static class OscParameters
{
    private static readonly string[] Types = { "integer", "double", "string", "unsignedInt", "unsignedShort", "boolean", "dateTime" };

    /// <summary>
    /// Declares each parameter (catalog entries pass their ParameterAssignments as overrides, so
    /// a default computed from an assigned parameter sees the assigned value) in <paramref name="scope"/>, in order, so a value may refer to an
    /// earlier one. An override replaces the declared value (and is itself resolved); an override
    /// naming no global parameter is an error with a suggestion.
    /// </summary>
    public static void Declare(OscContext ctx, XElement? declarations, ParameterScope scope, IReadOnlyDictionary<string, string>? overrides, bool reportUnknownOverrides = true)
    {
        foreach (XElement d in declarations?.Elements() ?? Enumerable.Empty<XElement>())
        {
            if (d.Name.LocalName != "ParameterDeclaration")
            {
                ctx.Unsupported(d);
                continue;
            }
            string? name = d.Attribute("name")?.Value;
            if (string.IsNullOrEmpty(name))
            {
                ctx.Error(d, "<ParameterDeclaration> needs attribute 'name'");
                continue;
            }
            string? type = d.Attribute("parameterType")?.Value;
            if (type is not null && !Types.Contains(type))
            {
                ctx.Error(d, $"'{type}' is not a parameterType: use {string.Join(", ", Types)}{Suggestions.Hint(type, Types)}");
            }
            string? raw = d.Attribute("value")?.Value;
            if (raw is null)
            {
                ctx.Error(d, $"parameter '{name}' needs attribute 'value'");
                continue;
            }
            bool assigned = false;
            if (overrides is not null && overrides.TryGetValue(name, out string? over))
            {
                raw = over;
                assigned = true;
            }
            string? value = ctx.Resolve(d.Attribute("value")!, raw, scope);
            if (value is not null)
            {
                scope.Set(name, value, type ?? "string");
                ParameterConstraints.Check(ctx, d, name, type ?? "string", value, assigned, scope);
            }
        }
        if (overrides is not null && reportUnknownOverrides)
        {
            foreach (string key in overrides.Keys)
            {
                if (!scope.Declares(key))
                {
                    ctx.Errors.Add(new InputError(new SourceLocation("--param", 0, 0),
                        $"'{key}' is not a parameter of {ctx.MainFile}{Suggestions.Hint(key, scope.Own.Keys)}"));
                }
            }
        }
    }
}
