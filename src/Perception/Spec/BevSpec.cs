using Perception.Bev;
using SimCore.Diagnostics;

namespace Perception.Spec;

/// <summary>
/// Pre-processing of a lidar sweep (payload lidar.v1) into a bird's-eye-view raster: cells of
/// <see cref="Cell"/> metres over [XMin, XMax) x [YMin, YMax), points with z in [ZMin, ZMax).
/// Tensor layout NCHW with N = 1, C = <see cref="Channels"/>, H = rows along y, W = columns along x.
/// </summary>
internal sealed record BevSpec(
    string Input,
    string? Stream,
    string Format,
    double XMin, double XMax,
    double YMin, double YMax,
    double ZMin, double ZMax,
    double Cell,
    IReadOnlyList<BevChannel> Channels,
    bool Compensated,
    SourceLocation Where)
{
    /// <summary>Columns (along x).</summary>
    public int Width => (int)Math.Round((XMax - XMin) / Cell);

    /// <summary>Rows (along y).</summary>
    public int Height => (int)Math.Round((YMax - YMin) / Cell);
}
