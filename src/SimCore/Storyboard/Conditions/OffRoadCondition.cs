using System.Globalization;
using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>True when the entity's reference point has been outside every lane for the duration.</summary>
internal sealed class OffRoadCondition(string entity, double duration) : ConditionBody
{
    private HeldFor _held;

    public override void Reset() => _held.Reset();

    public override bool Evaluate(World world) => _held.Update(!world.Get(entity).OnRoad, world, duration);

    public override string Describe(World world) => $"{entity} off the road";
}
