using System.Globalization;
using SimCore.Simulation;

namespace SimCore.Storyboard.Actions;

/// <summary>How a <see cref="ScenarioValueAction"/> changes its value.</summary>
internal enum ScenarioValueOperation
{
    /// <summary>SetAction: the operand's text replaces the value.</summary>
    Set,
    /// <summary>ModifyAction with AddValue.</summary>
    Add,
    /// <summary>ModifyAction with MultiplyByValue.</summary>
    Multiply,
}

/// <summary>
/// ParameterSetAction / ParameterModifyAction and VariableSetAction / VariableModifyAction: a
/// global action that changes a parameter or variable at once. Conditions on it see the new value
/// from the next evaluation on; attributes that were read from a parameter when the file was
/// loaded keep their value (as in esmini).
/// </summary>
internal sealed class ScenarioValueAction(string name, ScenarioValue cell, ScenarioValueOperation operation, string operand) : ActionBase(name)
{
    private readonly double _operand = double.TryParse(operand, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;

    public override IReadOnlyList<string> Actors { get; } = Array.Empty<string>();

    public override IActionRun Start(World world)
    {
        string before = cell.Text;
        switch (operation)
        {
            case ScenarioValueOperation.Set when cell.IsNumeric:
                // Written as the type writes it: an integer parameter set to 3.7 holds 3.
                cell.SetNumber(_operand);
                break;
            case ScenarioValueOperation.Set:
                cell.Set(operand);
                break;
            case ScenarioValueOperation.Add when !double.IsNaN(cell.Number):
                cell.SetNumber(cell.Number + _operand);
                break;
            case ScenarioValueOperation.Multiply when !double.IsNaN(cell.Number):
                cell.SetNumber(cell.Number * _operand);
                break;
            default:
                // A text value set earlier in the run cannot be added to: the action fails, the value stays.
                world.Emit("action_failed", Name, $"{cell.KindWord} {cell.Name} = '{cell.Text}' is not a number");
                return CompletedRun.Instance;
        }
        world.Emit(cell.Kind == ScenarioValueKind.Parameter ? "parameter_set" : "variable_set", cell.Name, $"'{before}' -> '{cell.Text}'");
        return CompletedRun.Instance;
    }
}
