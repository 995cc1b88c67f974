using System.Globalization;
using System.Xml.Linq;
using SimCore.Storyboard;

namespace SimCore.OpenScenario;

/// <summary>
/// ParameterDeclaration ConstraintGroups (OpenSCENARIO 1.2): a value must satisfy every
/// ValueConstraint of at least one group (groups are ORed, constraints within a group ANDed), or
/// the scenario does not start.
/// </summary>
internal static class ParameterConstraints
{
    /// <summary>Checks <paramref name="value"/> against the declaration's groups; an error at the declaration when it meets none.</summary>
    public static void Check(OscContext ctx, XElement declaration, string name, string type, string value, bool assigned, ParameterScope scope)
    {
        var groups = new List<List<(Rule Rule, string Operand, XElement Where)>>();
        foreach (XElement g in declaration.Elements("ConstraintGroup"))
        {
            var group = new List<(Rule, string, XElement)>();
            foreach (XElement c in ctx.Only(g, "ValueConstraint"))
            {
                Rule? rule = c.Attribute("rule") is null ? null : ctx.Enum(c, "rule", scope, OscReader.RuleWords);
                string? operand = ctx.RequiredStr(c, "value", scope);
                if (c.Attribute("rule") is null)
                {
                    ctx.Error(c, "<ValueConstraint> needs attribute 'rule'");
                }
                if (rule is null || operand is null)
                {
                    return;
                }
                group.Add((rule.Value, operand, c));
            }
            if (group.Count == 0)
            {
                ctx.Error(g, "a <ConstraintGroup> needs at least one <ValueConstraint>");
                return;
            }
            groups.Add(group);
        }
        if (groups.Count == 0)
        {
            return;
        }
        foreach (var group in groups)
        {
            bool all = true;
            foreach ((Rule rule, string operand, XElement where) in group)
            {
                bool? ok = Holds(type, value, rule, operand);
                if (ok is null)
                {
                    ctx.Error(where, $"rule {Name(rule)} compares numbers, and parameter '{name}' is of type {type}: use equalTo or notEqualTo");
                    return;
                }
                all &= ok.Value;
            }
            if (all)
            {
                return;
            }
        }
        string needs = string.Join(" or ", groups.Select(g =>
        {
            string text = string.Join(" and ", g.Select(c => $"{Rules.Symbol(c.Rule)} {c.Operand} (line {ctx.Where(c.Where).Line})"));
            return groups.Count > 1 && g.Count > 1 ? "(" + text + ")" : text;
        }));
        string origin = assigned ? "as assigned" : "its declared value";
        ctx.Error(declaration, $"parameter '{name}' = '{value}' ({origin}) breaks its ConstraintGroup{(groups.Count > 1 ? "s" : string.Empty)}: the value must be {needs}");
    }

    /// <summary>Numbers compare as numbers; text (and booleans) only for equality. Null: the rule needs numbers.</summary>
    private static bool? Holds(string type, string value, Rule rule, string operand)
    {
        bool numericType = type is "integer" or "double" or "unsignedInt" or "unsignedShort";
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double a)
            && double.TryParse(operand, NumberStyles.Float, CultureInfo.InvariantCulture, out double b))
        {
            return Rules.Compare(a, rule, b);
        }
        if (type == "dateTime" && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset da)
            && DateTimeOffset.TryParse(operand, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset db))
        {
            return Rules.Compare(da.UtcTicks, rule, db.UtcTicks);
        }
        bool equal = type == "boolean"
            ? string.Equals(value.Trim(), operand.Trim(), StringComparison.OrdinalIgnoreCase)
            : string.Equals(value, operand, StringComparison.Ordinal);
        return rule switch
        {
            Rule.EqualTo => equal,
            Rule.NotEqualTo => !equal,
            // A number that does not parse cannot satisfy an ordering.
            _ => numericType ? false : null,
        };
    }

    private static string Name(Rule rule) => OscReader.RuleWords.First(kv => kv.Value == rule).Key;
}
