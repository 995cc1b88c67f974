using System.Globalization;

namespace Sim.Runtime.Datagen;

/// <summary>A closed interval a generation spec draws uniformly from (min = max: a fixed value).</summary>
/// <param name="Min">Lower end.</param>
/// <param name="Max">Upper end (>= Min).</param>
internal sealed record ValueRange(double Min, double Max)
{
    /// <summary>The value at <paramref name="u"/> in [0, 1).</summary>
    public double At(double u) => Min + (Max - Min) * u;

    public override string ToString() => Min == Max
        ? Min.ToString("R", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Min:R}..{Max:R}");
}
