using SimCore.Entities;
using SimCore.Simulation;
using SimCore.Traffic;

namespace SimCore.Storyboard.Actions;

/// <summary>Shifts an entity within its lane to an offset from the lane centre (positive left).</summary>
internal sealed class LaneOffsetAction(string name, string entity, double offset, TransitionShape shape, double? duration, double? maxLateralAcceleration, bool continuous) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        Entity e = world.Get(entity);
        double time = duration ?? LaneOffsetControl.DurationFor(offset - e.LaneOffset, shape, maxLateralAcceleration ?? 0);
        if (e.DriverActive)
        {
            e.Driver.TargetLaneOffset = offset;
            return CompletedRun.Instance;
        }
        if (e.Road is null || e.LaneId == 0)
        {
            world.Emit("action_failed", Name, "entity is not on a lane", e);
            return CompletedRun.Instance;
        }
        var control = new LaneOffsetControl(e, offset, shape, time, continuous);
        e.Lateral = control;
        e.HeadingOffset = 0;
        return new LateralRun(e, control);
    }
}
