using SimCore.Entities;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SimCore.Storyboard.Actions;

/// <summary>Places an entity at a position at once, keeping its speed.</summary>
internal sealed class TeleportAction(string name, string entity, PositionSpec position) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        Entity e = world.Get(entity);
        if (!position.TryResolve(world, out ResolvedPosition p, out string? error))
        {
            world.Emit("action_failed", Name, error, e);
            return CompletedRun.Instance;
        }
        Place(e, p, world);
        return CompletedRun.Instance;
    }

    public static void Place(Entity e, ResolvedPosition p, World world)
    {
        e.State.X = p.X;
        e.State.Y = p.Y;
        e.State.Heading = p.Heading;
        TrailingAxle.Settle(e);
        e.Road = p.Road;
        e.S = p.S;
        e.T = p.T;
        e.LaneId = p.LaneId;
        e.LaneOffset = p.LaneOffset;
        e.OnRoad = p.LaneId != 0;
        e.HeadingOffset = 0;
        if (p.Road is not null)
        {
            double rel = Mathematics.Angles.WrapPi(p.Heading - p.Road.ReferenceLine.Evaluate(p.S).Heading);
            e.Direction = Math.Abs(rel) <= Math.PI / 2 ? 1 : -1;
            // Lane-bound motion keeps the heading the teleport gave relative to the lane.
            e.HeadingOffset = p.LaneId != 0 ? Mathematics.Angles.WrapPi(rel - (e.Direction > 0 ? 0 : Math.PI)) : 0;
        }
        e.Lateral = null;
        e.StepsAtRoadEnd = 0;
        e.Teleported = true;
        if (e.Path is not null)
        {
            // A teleport ends trajectory following.
            e.Path = null;
            e.Mode = MotionMode.Free;
        }
        if (e.Mode == MotionMode.LaneBound && (p.Road is null || p.LaneId == 0))
        {
            e.Mode = MotionMode.Free;
        }
        else if (e.Mode == MotionMode.Free && p.Road is not null && p.LaneId != 0)
        {
            e.Mode = MotionMode.LaneBound;
        }
        e.Driver?.Reset(e);
        _ = world;
    }
}
