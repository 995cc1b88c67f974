using SimCore.Entities;
using SimCore.Scenarios;
using SimCore.Simulation;
using SimCore.Traffic;

namespace SimCore.Storyboard.Actions;

/// <summary>
/// Moves an entity to another lane: an absolute lane id, or lanes to the left (positive) of a
/// reference entity's lane. Lane-bound actors move along the shape; the reference driver plans the
/// same lateral profile and steers along it.
/// </summary>
internal sealed class LaneChangeAction(string name, string entity, int? absoluteLane, int relativeLanes, string? relativeTo, double targetOffset, TransitionDynamics dynamics) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        Entity e = world.Get(entity);
        if (e.Road is null || e.LaneId == 0)
        {
            world.Emit("action_failed", Name, "entity is not on a lane", e);
            return CompletedRun.Instance;
        }
        int lane;
        if (absoluteLane is { } abs)
        {
            lane = abs;
        }
        else
        {
            Entity reference = relativeTo is null ? e : world.Get(relativeTo);
            lane = PositionSpec.ShiftLane(reference.LaneId, relativeLanes * reference.Direction);
        }
        if (!e.Road.HasLane(lane, e.S))
        {
            world.Emit("action_failed", Name, $"lane {lane} does not exist at s = {e.S:0.##} on road {e.Road.Id}", e);
            return CompletedRun.Instance;
        }
        if (e.DriverActive)
        {
            e.Driver.RequestLaneChange(e, lane, targetOffset, dynamics);
            return new DriverRun(e);
        }
        var control = new LaneChangeControl(e, lane, targetOffset, dynamics);
        e.Lateral = control;
        e.HeadingOffset = 0;
        return new ControlRun(e, control);
    }

    private sealed class ControlRun(Entity e, LateralControl control) : IActionRun
    {
        public bool IsDone(World world) => control.Finished || !ReferenceEquals(e.Lateral, control);

        public void Stop(World world)
        {
            if (ReferenceEquals(e.Lateral, control))
            {
                // Stay where the change was interrupted: lane from position, offset from its centre.
                int lane = e.Road!.LaneIdAt(e.S, e.T);
                if (lane != 0)
                {
                    e.LaneId = lane;
                    e.LaneOffset = e.T - e.Road.LaneCenterT(lane, e.S);
                }
                e.Lateral = null;
            }
        }
    }

    private sealed class DriverRun(Entity e) : IActionRun
    {
        public bool IsDone(World world) => !e.Driver!.IsChangingLane;

        public void Stop(World world) => e.Driver!.CancelLaneChange(e);
    }
}
