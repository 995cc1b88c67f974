using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Traffic;

/// <summary>
/// Decides an entity's speed for the end of the step. Runs in the control phase, which may read
/// any entity but writes only its own entity, so it can run in parallel.
/// </summary>
internal abstract class LongitudinalControl
{
    /// <summary>Set once the control has reached its goal (a non-continuous speed change).</summary>
    public bool Finished { get; protected set; }

    public abstract double NextSpeed(Entity e, World world, double dt);
}
