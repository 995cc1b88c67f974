using System.Globalization;
using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>True when the entity has been at the end of a road with no continuation for the duration.</summary>
internal sealed class EndOfRoadCondition(string entity, double duration) : ConditionBody
{
    private HeldFor _held;

    public override void Reset() => _held.Reset();

    private static bool AtEnd(Entity e)
    {
        if (e.Road is null)
        {
            return false;
        }
        bool forward = e.Direction > 0;
        bool noLink = forward ? e.Road.Successor is null : e.Road.Predecessor is null;
        double remaining = forward ? e.Road.Length - e.S : e.S;
        return noLink && remaining <= 1e-3;
    }

    public override bool Evaluate(World world) => _held.Update(AtEnd(world.Get(entity)), world, duration);

    public override string Describe(World world) => $"{entity} at the end of the road";
}
