using System.Globalization;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>
/// OpenSCENARIO ParameterCondition. Parameters do not change while a run plays (no
/// ParameterSetAction), so the comparison is decided when the scenario is read: numerically when
/// both sides are numbers, else as text (equalTo and notEqualTo only).
/// </summary>
internal sealed class ParameterCondition(string parameter, string current, string value, Rule rule) : ConditionBody
{
    private readonly bool _result = Decide(current, value, rule);

    internal static bool Decide(string current, string value, Rule rule)
    {
        if (double.TryParse(current, NumberStyles.Float, CultureInfo.InvariantCulture, out double a)
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double b))
        {
            return Rules.Compare(a, rule, b);
        }
        int c = string.CompareOrdinal(current, value);
        return rule switch
        {
            Rule.EqualTo => c == 0,
            Rule.NotEqualTo => c != 0,
            Rule.GreaterThan => c > 0,
            Rule.LessThan => c < 0,
            Rule.GreaterOrEqual => c >= 0,
            _ => c <= 0,
        };
    }

    public override bool Evaluate(World world) => _result;

    public override string Describe(World world) => $"parameter {parameter} = '{current}' {Rules.Symbol(rule)} '{value}'";
}
