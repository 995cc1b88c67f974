using SimCore.Entities;

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
}
