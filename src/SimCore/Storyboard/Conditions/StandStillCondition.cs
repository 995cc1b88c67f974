using System.Globalization;
using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>True when the entity has stood still (speed below 1 mm/s) for at least the duration.</summary>
internal sealed class StandStillCondition(string entity, double duration) : ConditionBody
{
    private double _since = double.NaN;

    public override void Reset() => _since = double.NaN;

    public override bool Evaluate(World world)
    {
        if (world.Get(entity).Speed >= 1e-3)
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

    public override string Describe(World world) => string.Create(CultureInfo.InvariantCulture, $"{entity} standing still for {duration} s");
}
