using SimCore.Roads;

namespace SimCore.OpenDrive;

/// <summary>
/// Exact sums and differences of piecewise cubics (records re-expanded about common
/// breakpoints): turns OpenDRIVE lane <c>border</c> records into equivalent widths.
/// </summary>
internal static class CubicAlgebra
{
    /// <summary>a + sign * b as a piecewise cubic with a record at every start of either.</summary>
    public static PiecewiseCubic Combine(PiecewiseCubic a, PiecewiseCubic b, double sign)
    {
        var starts = new SortedSet<double>();
        foreach ((double s, _) in a.Records)
        {
            starts.Add(s);
        }
        foreach ((double s, _) in b.Records)
        {
            starts.Add(s);
        }
        if (starts.Count == 0)
        {
            return new PiecewiseCubic([]);
        }
        var records = new List<(double, CubicPolynomial)>(starts.Count);
        foreach (double x in starts)
        {
            CubicPolynomial pa = At(a, x), pb = At(b, x);
            records.Add((x, new CubicPolynomial(pa.A + sign * pb.A, pa.B + sign * pb.B, pa.C + sign * pb.C, pa.D + sign * pb.D)));
        }
        return new PiecewiseCubic(records);
    }

    /// <summary>Scales every record by <paramref name="k"/>.</summary>
    public static PiecewiseCubic Scale(PiecewiseCubic f, double k)
    {
        var records = new List<(double, CubicPolynomial)>();
        foreach ((double s, CubicPolynomial p) in f.Records)
        {
            records.Add((s, new CubicPolynomial(k * p.A, k * p.B, k * p.C, k * p.D)));
        }
        return new PiecewiseCubic(records);
    }

    /// <summary>
    /// The cubic valid from <paramref name="x"/> on, expanded about x (Taylor shift). Before the
    /// first record the function is the first record's constant (PiecewiseCubic's convention);
    /// with no records it is 0.
    /// </summary>
    private static CubicPolynomial At(PiecewiseCubic f, double x)
    {
        IReadOnlyList<(double Start, CubicPolynomial Poly)> recs = f.Records;
        if (recs.Count == 0)
        {
            return default;
        }
        if (x < recs[0].Start)
        {
            return new CubicPolynomial(recs[0].Poly.A, 0, 0, 0);
        }
        int i = recs.Count - 1;
        while (recs[i].Start > x)
        {
            i--;
        }
        (double start, CubicPolynomial p) = recs[i];
        double h = x - start;
        return new CubicPolynomial(p.Evaluate(h), p.Derivative(h), p.C + 3 * p.D * h, p.D);
    }
}
