using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Actions;

/// <summary>
/// Controller actions (OpenSCENARIO ActivateControllerAction, AssignControllerAction) that have
/// no effect here: who drives an entity is decided when the scenario is loaded (the ego's driver
/// by --ego-driver). Logged, so a reader of the event log sees the scenario asked for it.
/// </summary>
internal sealed class ControllerAction(string name, string entity, string what) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        if (world.TryGet(entity, out Entity? e))
        {
            world.Emit("controller_action", Name, what, e!);
        }
        return CompletedRun.Instance;
    }
}
