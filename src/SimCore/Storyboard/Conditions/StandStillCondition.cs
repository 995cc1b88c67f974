using System.Globalization;
using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>True when the entity has stood still (speed below 1 mm/s) for at least the duration.</summary>
internal sealed class StandStillCondition(string entity, double duration) : ConditionBody
{
    private HeldFor _held;

    public override void Reset() => _held.Reset();

    public override bool Evaluate(World world) => _held.Update(world.Get(entity).Speed < 1e-3, world, duration);

    public override string Describe(World world) => string.Create(CultureInfo.InvariantCulture, $"{entity} standing still for {duration} s");
}
