using System.Globalization;
using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>True when the entity's reference point has been outside every lane for the duration.</summary>
internal sealed class OffRoadCondition(string entity, double duration) : ConditionBody
{
    private double _since = double.NaN;

    public override void Reset() => _since = double.NaN;

    public override bool Evaluate(World world)
    {
        if (world.Get(entity).OnRoad)
        {
            _since = double.NaN;
            return false;
        }
        if (double.IsNaN(_since))
        {
            _since = world.Seconds;
        }
        return world.Seconds - _since >= duration - 0.5 * world.Dt;
    }

    public override string Describe(World world) => $"{entity} off the road";
}
