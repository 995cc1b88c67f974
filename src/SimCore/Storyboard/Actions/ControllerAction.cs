using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Actions;

/// <summary>
/// OpenSCENARIO ActivateControllerAction on an ego that has the reference driver: deactivating
/// its longitudinal or lateral control hands the ego to the storyboard (it keeps its lane and
/// speed, as esmini's default controller), activating both hands it back to the driver. Anything
/// else (other entities, an ego without a driver, ControllerAction) has no effect and is logged.
/// </summary>
internal sealed class ControllerAction(string name, string entity, string what, bool? longitudinal = null, bool? lateral = null) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        if (!world.TryGet(entity, out Entity? e))
        {
            return CompletedRun.Instance;
        }
        if (e!.Driver is null || (longitudinal is null && lateral is null))
        {
            world.Emit("controller_action", Name, what + " (no effect)", e);
            return CompletedRun.Instance;
        }
        bool active = e.DriverActive;
        bool wantActive = (longitudinal ?? active) && (lateral ?? active);
        if (wantActive && !active)
        {
            e.Mode = MotionMode.Dynamics;
            e.Longitudinal = null;
            e.Lateral = null;
            e.Path = null;
            e.Driver.Reset(e);
            e.Driver.CruiseSpeed = e.Speed > 0 ? e.Speed : e.Driver.CruiseSpeed;
            world.Emit("controller_action", Name, "reference driver activated", e);
        }
        else if (!wantActive && active)
        {
            // The storyboard takes over where the car is: its lane and offset, its speed.
            e.Mode = e.Road is not null && e.LaneId != 0 ? MotionMode.LaneBound : MotionMode.Free;
            e.TargetSpeed = e.Speed;
            e.State.LateralVelocity = 0;
            world.Emit("controller_action", Name, "reference driver deactivated: the storyboard drives", e);
        }
        return CompletedRun.Instance;
    }
}
