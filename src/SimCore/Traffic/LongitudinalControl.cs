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

    /// <summary>
    /// The speed the control sets the moment it starts, before any time passes (a step change,
    /// a rigid follower taking its reference's speed); null when it only acts over time.
    /// OpenSCENARIO Init actions act so at time 0 (see <see cref="EntityMotion.Settle"/>).
    /// </summary>
    public virtual double? StartSpeed(Entity e, World world) => null;
}
