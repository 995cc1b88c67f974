using SimCore.Entities;
using SimCore.Simulation;
using SimCore.Traffic;

namespace SimCore.Storyboard.Actions;

/// <summary>Hands an entity to IDM lane following: reactive traffic that brakes for whatever is ahead in its lane.</summary>
internal sealed class FollowLaneAction(string name, string entity, IdmParameters parameters) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        Entity e = world.Get(entity);
        e.Idm = parameters;
        e.Longitudinal = IdmControl.Instance;
        if (e.Road is not null && e.LaneId != 0 && e.Mode is MotionMode.Free or MotionMode.Static)
        {
            e.Mode = MotionMode.LaneBound;
        }
        return CompletedRun.Instance;
    }
}
