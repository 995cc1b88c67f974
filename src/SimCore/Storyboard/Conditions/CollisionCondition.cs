using System.Globalization;
using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>True while the entity overlaps the named entity, or any entity of a kind, or any entity at all.</summary>
internal sealed class CollisionCondition(string entity, string? target, EntityKind? kind) : ConditionBody
{
    public override bool Evaluate(World world)
    {
        Entity e = world.Get(entity);
        if (target is not null)
        {
            return world.IsColliding(e, world.Get(target));
        }
        return kind is { } k ? world.IsCollidingWithKind(e, k) : world.IsCollidingWithAny(e);
    }

    public override string Describe(World world) => $"{entity} collided with {target ?? kind?.ToString() ?? "something"}";
}
