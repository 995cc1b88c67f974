using SimCore.Entities;
using SimCore.Mathematics;
using SimCore.Simulation;
using SimCore.Traffic;

namespace SimCore.Storyboard.Actions;

/// <summary>
/// OpenSCENARIO FollowTrajectoryAction on a polyline. Without timing the entity keeps its own
/// speed along the path; with timing each vertex is reached at its time, times scaled and offset
/// as TimeReference says, and relative to the action's start or to the simulation clock
/// (absolute). Vertices whose time is already past are reached at once.
/// </summary>
internal sealed class TimedTrajectoryAction(string name, string entity, IReadOnlyList<Vec2> points, IReadOnlyList<double>? times, bool absolute, double scale, double offset) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        Entity e = world.Get(entity);
        if (e.DriverActive)
        {
            world.Emit("action_failed", Name, "the reference driver does not follow trajectories", e);
            return CompletedRun.Instance;
        }
        List<double>? t = null;
        if (times is not null)
        {
            // PathFollower counts from its start time; absolute times count from zero.
            double shift = absolute ? -world.Seconds : 0;
            t = times.Select(x => x * scale + offset + shift).ToList();
        }
        var follower = new PathFollower(points, t, world.Seconds);
        e.Path = follower;
        e.Mode = MotionMode.Path;
        e.Lateral = null;
        e.Longitudinal = null;
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
