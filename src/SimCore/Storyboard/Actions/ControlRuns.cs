using SimCore.Entities;
using SimCore.Simulation;
using SimCore.Traffic;

namespace SimCore.Storyboard.Actions;

/// <summary>A run that lasts while its longitudinal control is in charge and unfinished.</summary>
internal sealed class LongitudinalRun(Entity e, LongitudinalControl control) : IActionRun
{
    public bool IsDone(World world) => control.Finished || !ReferenceEquals(e.Longitudinal, control);

    public void Stop(World world)
    {
        if (ReferenceEquals(e.Longitudinal, control))
        {
            e.Longitudinal = e.Idm is not null ? IdmControl.Instance : null;
        }
    }
}

/// <summary>A run that lasts while its lateral control is in charge and unfinished; stopped, the entity keeps its lateral place.</summary>
internal sealed class LateralRun(Entity e, LateralControl control) : IActionRun
{
    public bool IsDone(World world) => control.Finished || !ReferenceEquals(e.Lateral, control);

    public void Stop(World world)
    {
        if (ReferenceEquals(e.Lateral, control))
        {
            e.Lateral = null;
        }
    }
}
