using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Traffic;

/// <summary>
/// Decides a lane-bound entity's lateral road coordinate t for the end of the step. Reads only
/// its own entity.
/// </summary>
internal abstract class LateralControl
{
    public bool Finished { get; protected set; }

    /// <param name="e">The entity, with S already advanced to the end of the step.</param>
    /// <param name="ds">Distance travelled along the lane this step (m).</param>
    /// <param name="dt">Step (s).</param>
    public abstract double NextT(Entity e, double ds, double dt);

    /// <summary>
    /// Reads what the control needs from other entities, in the control phase (which sees the
    /// state at the start of the step); <see cref="NextT"/> then moves on that alone.
    /// </summary>
    public virtual void Prepare(Entity e, World world)
    {
    }

    /// <summary>
    /// The distance along the lane over which this step's lateral move sets the heading (the
    /// step's own, <paramref name="d"/>, unless the control measures it from further back).
    /// </summary>
    public virtual double HeadingBase(double d) => d;

    /// <summary>True when the control places the entity across its lane rather than driving it there: the move costs no progress along the lane and does not turn the entity.</summary>
    public virtual bool Places => false;
}
