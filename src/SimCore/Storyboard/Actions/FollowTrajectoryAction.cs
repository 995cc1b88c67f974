using SimCore.Entities;
using SimCore.Mathematics;
using SimCore.Simulation;
using SimCore.Traffic;

namespace SimCore.Storyboard.Actions;

/// <summary>
/// Moves an entity along a world polyline, at its own speed (or a given one), or on the times
/// given with the vertices (relative to the action's start). Pedestrians walking a path use it too.
/// After the end the entity stands still (pedestrians) or carries on straight (vehicles).
/// </summary>
internal sealed class FollowTrajectoryAction(string name, string entity, IReadOnlyList<Vec2> points, IReadOnlyList<double>? times, double? speed) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        Entity e = world.Get(entity);
        var follower = new PathFollower(points, times, world.Seconds);
        e.Path = follower;
        e.Mode = MotionMode.Path;
        e.Lateral = null;
        e.Longitudinal = speed is { } v
            ? new SpeedTransitionControl(e, world, new SpeedTarget(SpeedTargetKind.Absolute, v, null), new TransitionDynamics(TransitionShape.Step, TransitionDimension.Time, 0), false)
            : null;
        return new Run(e, follower);
    }

    private sealed class Run(Entity e, PathFollower follower) : IActionRun
    {
        public bool IsDone(World world) => follower.Finished || !ReferenceEquals(e.Path, follower);

        public void Stop(World world)
        {
            if (ReferenceEquals(e.Path, follower))
            {
                e.Path = null;
                e.Mode = MotionMode.Free;
            }
        }
    }
}
