using System.Globalization;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>
/// OpenSCENARIO ParameterCondition and VariableCondition: compares the current value of a
/// parameter or variable, which actions may change during the run, with a constant. Numerically
/// when both sides are numbers, else as text (ordinal; equalTo and notEqualTo are the ones that
/// make sense for text).
/// </summary>
internal sealed class ScenarioValueCondition(ScenarioValue cell, string value, Rule rule) : ConditionBody
{
    private readonly double _number = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;

    public override bool Evaluate(World world)
    {
        if (!double.IsNaN(cell.Number) && !double.IsNaN(_number))
        {
            return Rules.Compare(cell.Number, rule, _number);
        }
        int c = string.CompareOrdinal(cell.Text, value);
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

    public override string Describe(World world) => $"{cell.KindWord} {cell.Name} = '{cell.Text}' {Rules.Symbol(rule)} '{value}'";
}
