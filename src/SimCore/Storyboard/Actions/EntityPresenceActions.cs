using SimCore.Entities;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SimCore.Storyboard.Actions;

/// <summary>
/// OpenSCENARIO AddEntityAction: brings a declared entity into the simulation at a position (an
/// entity that only an AddEntityAction places starts outside it, as in esmini). On an entity
/// already present it is a teleport.
/// </summary>
internal sealed class AddEntityAction(string name, string entity, PositionSpec position) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        Entity e = world.Get(entity);
        bool wasPresent = e.Present;
        // A position relative to the entity itself refers to where it was before.
        if (!position.TryResolve(world, out ResolvedPosition p, out string? error))
        {
            world.Emit("action_failed", Name, error, e);
            return CompletedRun.Instance;
        }
        e.Present = true;
        TeleportAction.Place(e, p, world);
        world.Emit("entity_added", e.Name, wasPresent ? "already present: moved" : null, e);
        return CompletedRun.Instance;
    }
}

/// <summary>
/// OpenSCENARIO DeleteEntityAction: takes an entity out of the simulation. It stops where it is,
/// no longer moves, collides or is seen, and its running actions end; an AddEntityAction can bring it back.
/// </summary>
internal sealed class DeleteEntityAction(string name, string entity) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        Entity e = world.Get(entity);
        e.Present = false;
        e.State.Speed = 0;
        e.State.Acceleration = 0;
        e.State.YawRate = 0;
        e.TargetSpeed = 0;
        e.Longitudinal = null;
        e.Lateral = null;
        e.Path = null;
        world.Emit("entity_deleted", e.Name, null, e);
        return CompletedRun.Instance;
    }
}
