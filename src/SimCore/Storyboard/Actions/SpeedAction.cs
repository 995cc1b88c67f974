using SimCore.Entities;
using SimCore.Simulation;
using SimCore.Traffic;

namespace SimCore.Storyboard.Actions;

/// <summary>
/// Changes an entity's speed. For an entity with the reference driver the target becomes the
/// driver's set speed (its cruise control ramps within comfort limits, as a real ACC does).
/// </summary>
internal sealed class SpeedAction(string name, string entity, SpeedTarget target, TransitionDynamics dynamics, bool continuous, bool distanceAsTime = false) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        Entity e = world.Get(entity);
        if (e.DriverActive)
        {
            e.Driver.CruiseSpeed = Math.Max(0, target.Evaluate(world));
            return CompletedRun.Instance;
        }
        var control = new SpeedTransitionControl(e, world, target, dynamics, continuous, distanceAsTime);
        e.Longitudinal = control;
        if (e.Mode == MotionMode.Static)
        {
            e.Mode = MotionMode.Free;
        }
        return new LongitudinalRun(e, control);
    }
}
