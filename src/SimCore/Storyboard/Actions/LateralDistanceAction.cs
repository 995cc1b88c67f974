using SimCore.Entities;
using SimCore.Simulation;
using SimCore.Traffic;

namespace SimCore.Storyboard.Actions;

/// <summary>
/// OpenSCENARIO LateralDistanceAction (<see cref="LateralDistanceControl"/>): keep a lateral
/// distance to a reference entity. Needs an entity on a lane; with the reference driver it fails
/// (its driver keeps its own lane).
/// </summary>
internal sealed class LateralDistanceAction(string name, string entity, string reference, double? distance, LateralDisplacement side,
    bool freespace, MeasureFrame frame, bool continuous, DynamicLimits limits) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        Entity e = world.Get(entity);
        if (e.DriverActive)
        {
            world.Emit("action_failed", Name, "the reference driver keeps its own lane", e);
            return CompletedRun.Instance;
        }
        if (e.Road is null || e.LaneId == 0 || e.Mode != MotionMode.LaneBound)
        {
            world.Emit("action_failed", Name, "entity is not on a lane", e);
            return CompletedRun.Instance;
        }
        var control = new LateralDistanceControl(e, world.Get(reference), distance, side, freespace, frame, continuous, limits.None ? null : limits);
        e.Lateral = control;
        return new LateralRun(e, control);
    }
}
