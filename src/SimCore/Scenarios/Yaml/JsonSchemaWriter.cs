using System.Text;
using System.Text.Json;

namespace SimCore.Scenarios.Yaml;

/// <summary>
/// Writes a format's <see cref="YamlShape"/> tables as a JSON Schema (draft-07), the schema
/// VS Code's YAML extension (and any validator) completes and checks files with: each mapping
/// a definition with its keys, descriptions with units and defaults, closed to other keys.
/// </summary>
public static class JsonSchemaWriter
{
    private const string ParameterReference = "parameter_reference";

    /// <summary>The schema of files whose top level is <paramref name="root"/>.</summary>
    /// <param name="root">The top level: a mapping, or alternatives (a road file is one road or a list).</param>
    /// <param name="id">The schema's $id (its file name).</param>
    /// <param name="title">Title shown by editors.</param>
    /// <param name="parameterReferences">Scalars may be written <c>$name</c> (the scenario's parameters).</param>
    /// <exception cref="InvalidOperationException">Two different mappings share a name.</exception>
    public static string Write(YamlShape root, string id, string title, bool parameterReferences)
    {
        var definitions = new SortedDictionary<string, YamlObject>(StringComparer.Ordinal);
        YamlObject? top = root as YamlObject;
        Collect(root, definitions, top);
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var writer = new Writer(w, parameterReferences);
            w.WriteStartObject();
            w.WriteString("$schema", "http://json-schema.org/draft-07/schema#");
            w.WriteString("$id", id);
            w.WriteString("title", title);
            if (top is not null)
            {
                writer.ObjectBody(top);
            }
            else
            {
                writer.Inline(root);
            }
            w.WriteStartObject("definitions");
            if (parameterReferences)
            {
                w.WriteStartObject(ParameterReference);
                w.WriteString("description", "A parameter of the scenario: $name is replaced by its value (docs/scenario-format.md, Parameters).");
                w.WriteString("type", "string");
                w.WriteString("pattern", "^\\$\\S+$");
                w.WriteEndObject();
            }
            foreach ((string name, YamlObject o) in definitions)
            {
                w.WriteStartObject(name);
                writer.ObjectBody(o);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    private static void Collect(YamlShape shape, SortedDictionary<string, YamlObject> into, YamlObject? root)
    {
        switch (shape)
        {
            case YamlObject o:
                if (!ReferenceEquals(o, root))
                {
                    if (into.TryGetValue(o.Name, out YamlObject? seen))
                    {
                        if (!ReferenceEquals(seen, o))
                        {
                            throw new InvalidOperationException($"two different mappings are named '{o.Name}'");
                        }
                        return;
                    }
                    into[o.Name] = o;
                }
                foreach (YamlKey k in o.Keys)
                {
                    Collect(k.Shape, into, root);
                }
                break;
            case YamlList l:
                Collect(l.Item, into, root);
                break;
            case YamlMap m:
                Collect(m.Value, into, root);
                break;
            case YamlAnyOf a:
                foreach (YamlShape s in a.Options)
                {
                    Collect(s, into, root);
                }
                break;
        }
    }

    private sealed class Writer(Utf8JsonWriter w, bool parameters)
    {
        public void ObjectBody(YamlObject o)
        {
            if (o.Description.Length > 0)
            {
                w.WriteString("description", o.Description);
            }
            w.WriteString("type", "object");
            w.WriteStartObject("properties");
            foreach (YamlKey k in o.Keys)
            {
                w.WriteStartObject(k.Name);
                w.WriteString("description", Describe(k));
                Inline(k.Shape);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            string[] required = o.Keys.Where(k => k.Required).Select(k => k.Name).ToArray();
            if (required.Length > 0)
            {
                Strings("required", required);
            }
            w.WriteBoolean("additionalProperties", false);
            if (o.ExactlyOne is { } one)
            {
                w.WriteStartArray("oneOf");
                foreach (string k in one)
                {
                    w.WriteStartObject();
                    Strings("required", [k]);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
        }

        /// <summary>The keywords of <paramref name="shape"/> inside an already open object.</summary>
        public void Inline(YamlShape shape)
        {
            switch (shape)
            {
                case YamlObject o:
                    w.WriteStartArray("allOf");
                    w.WriteStartObject();
                    w.WriteString("$ref", "#/definitions/" + o.Name);
                    w.WriteEndObject();
                    w.WriteEndArray();
                    break;
                case YamlScalar s when parameters:
                    w.WriteStartArray("anyOf");
                    w.WriteStartObject();
                    Scalar(s);
                    w.WriteEndObject();
                    w.WriteStartObject();
                    w.WriteString("$ref", "#/definitions/" + ParameterReference);
                    w.WriteEndObject();
                    w.WriteEndArray();
                    break;
                case YamlScalar s:
                    Scalar(s);
                    break;
                case YamlList l:
                    w.WriteString("type", "array");
                    w.WriteStartObject("items");
                    Inline(l.Item);
                    w.WriteEndObject();
                    if (l.MinItems > 0)
                    {
                        w.WriteNumber("minItems", l.MinItems);
                    }
                    break;
                case YamlMap m:
                    w.WriteString("type", "object");
                    w.WriteStartObject("additionalProperties");
                    Inline(m.Value);
                    w.WriteEndObject();
                    break;
                case YamlAnyOf a:
                    w.WriteStartArray("anyOf");
                    foreach (YamlShape option in a.Options)
                    {
                        w.WriteStartObject();
                        if (option.Description.Length > 0 && option is not YamlObject)
                        {
                            w.WriteString("description", option.Description);
                        }
                        Inline(option);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    break;
                default:
                    throw new InvalidOperationException($"no JSON Schema for {shape.GetType().Name}");
            }
        }

        private void Scalar(YamlScalar s)
        {
            w.WriteString("type", s.Type switch
            {
                YamlScalarType.Number => "number",
                YamlScalarType.Integer => "integer",
                YamlScalarType.Boolean => "boolean",
                _ => "string",
            });
            if (s.Minimum is { } min)
            {
                w.WriteNumber("minimum", min);
            }
            if (s.ExclusiveMinimum is { } above)
            {
                w.WriteNumber("exclusiveMinimum", above);
            }
            if (s.Maximum is { } max)
            {
                w.WriteNumber("maximum", max);
            }
            if (s.Words is { } words)
            {
                Strings("enum", words);
            }
            if (s.Pattern is { } pattern)
            {
                w.WriteString("pattern", pattern);
            }
        }

        private void Strings(string name, IEnumerable<string> values)
        {
            w.WriteStartArray(name);
            foreach (string v in values)
            {
                w.WriteStringValue(v);
            }
            w.WriteEndArray();
        }

        private static string Describe(YamlKey k)
        {
            var sb = new StringBuilder(k.Description);
            if (Unit(k.Shape) is { } unit)
            {
                sb.Append(" Unit: ").Append(unit).Append('.');
            }
            if (k.Default is { } d)
            {
                sb.Append(" Default: ").Append(d).Append('.');
            }
            return sb.ToString();
        }

        private static string? Unit(YamlShape s) => s switch
        {
            YamlScalar { Unit: { } u } => u,
            YamlList l => Unit(l.Item),
            YamlAnyOf a => a.Options.Select(Unit).FirstOrDefault(u => u is not null),
            _ => null,
        };
    }
}
