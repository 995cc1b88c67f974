using SimCore.Entities;
using SimCore.Scenarios;
using SimCore.Simulation;
using SimCore.Traffic;

namespace SimCore.Storyboard.Actions;

/// <summary>A steady state before a synchronisation's target: the last metres, or seconds, at the final speed.</summary>
internal sealed record SteadyState(bool ByTime, double Value);

/// <summary>
/// OpenSCENARIO SynchronizeAction (see <see cref="SynchronizeControl"/>): both target positions
/// are fixed when the action starts. An entity with the reference driver keeps its own speed; the
/// action then logs a failure and ends.
/// </summary>
internal sealed class SynchronizeAction(string name, string entity, string master, PositionSpec masterTarget, PositionSpec target,
    double masterTolerance, double tolerance, SpeedTarget? finalSpeed, SteadyState? steady) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        Entity e = world.Get(entity);
        if (e.DriverActive)
        {
            world.Emit("action_failed", Name, "the reference driver keeps its own speed", e);
            return CompletedRun.Instance;
        }
        if (!masterTarget.TryResolve(world, out ResolvedPosition mt, out string? error) || !target.TryResolve(world, out ResolvedPosition t, out error))
        {
            world.Emit("action_failed", Name, error, e);
            return CompletedRun.Instance;
        }
        double? steadyDistance = steady switch
        {
            null => null,
            { ByTime: true } => steady.Value * (finalSpeed?.Evaluate(world) ?? 0),
            _ => steady.Value,
        };
        var control = new SynchronizeControl(master, new PathDistance(mt), new PathDistance(t), masterTolerance, tolerance, finalSpeed, steadyDistance);
        e.Longitudinal = control;
        if (e.Mode == MotionMode.Static)
        {
            e.Mode = MotionMode.Free;
        }
        return new LongitudinalRun(e, control);
    }
}
