namespace Perception.Bev;

/// <summary>
/// A channel of the bird's-eye-view raster, computed per cell over the points that fall in it
/// (docs/perception-models.md gives the formulas). Empty cells are 0 in every channel.
/// </summary>
internal enum BevChannel
{
    /// <summary>Highest point's z minus z_min of the spec's z range (m).</summary>
    MaxHeight,
    /// <summary>Mean of the points' z minus z_min (m).</summary>
    MeanHeight,
    /// <summary>Mean intensity of the points.</summary>
    MeanIntensity,
    /// <summary>Largest intensity of the points.</summary>
    MaxIntensity,
    /// <summary>min(1, ln(n + 1) / ln 64) for n points (the PIXOR / MV3D density).</summary>
    Density,
    /// <summary>1 when the cell holds a point.</summary>
    Occupancy,
}
