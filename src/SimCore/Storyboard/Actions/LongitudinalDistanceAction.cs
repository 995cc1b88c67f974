using SimCore.Entities;
using SimCore.Simulation;
using SimCore.Traffic;

namespace SimCore.Storyboard.Actions;

/// <summary>
/// OpenSCENARIO LongitudinalDistanceAction: keep a distance or time gap to a reference entity
/// (<see cref="LongitudinalDistanceControl"/>). An entity with the reference driver cannot be
/// steered this way (its driver keeps its own gap); the action then logs a failure and ends.
/// </summary>
internal sealed class LongitudinalDistanceAction(string name, string entity, string reference, double? distance, double? timeGap,
    LongitudinalDisplacement displacement, bool freespace, MeasureFrame frame, bool continuous, DynamicLimits limits) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        Entity e = world.Get(entity);
        if (e.DriverActive)
        {
            world.Emit("action_failed", Name, "the reference driver keeps its own gap", e);
            return CompletedRun.Instance;
        }
        var control = new LongitudinalDistanceControl(e, world, reference, distance, timeGap, displacement, freespace, frame, continuous,
            limits.None ? null : limits.Within(e.Vehicle));
        e.Longitudinal = control;
        if (e.Mode == MotionMode.Static)
        {
            e.Mode = MotionMode.Free;
        }
        return new LongitudinalRun(e, control);
    }
}
