using SimCore.Diagnostics;
using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Trajectories;

/// <summary>What a trajectory is fixed against when its action starts.</summary>
/// <param name="World">Resolves positions (relative ones against the entities' current states).</param>
/// <param name="Entity">The entity that will follow it (its pose starts shapes that give none); null for a TrajectoryPosition.</param>
/// <param name="Follow">Following mode 'follow': a timed polyline is driven with constant accelerations between vertices, from the entity's speed, and headings blend linearly.</param>
internal readonly record struct FreezeContext(World World, Entity? Entity, bool Follow);

/// <summary>
/// An OpenSCENARIO trajectory shape as written (Polyline, Clothoid, ClothoidSpline, Nurbs): its
/// positions may be relative to entities, so it is fixed in the world only when used.
/// </summary>
internal abstract record TrajectoryShape(SourceLocation Where)
{
    /// <summary>True when every vertex, segment or control point carries a time.</summary>
    public abstract bool IsTimed { get; }

    /// <summary>Fixes the shape in the world; null with <paramref name="error"/> when a position cannot be resolved.</summary>
    public abstract Trajectory? Freeze(FreezeContext context, out string? error);
}
