using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>
/// A condition with a fixed value: stands in for one this simulator cannot evaluate (reported when
/// the scenario is read), so the trigger around it keeps its shape and never fires by mistake.
/// </summary>
internal sealed class ConstantCondition(bool value, string description) : ConditionBody
{
    public override bool Evaluate(World world) => value;

    public override string Describe(World world) => description;
}
