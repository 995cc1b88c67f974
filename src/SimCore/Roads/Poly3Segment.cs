using SimCore.Mathematics;

namespace SimCore.Roads;

/// <summary>
/// An OpenDRIVE <c>&lt;poly3&gt;</c> (deprecated in OpenDRIVE 1.6 but still found in files): in a
/// local frame at the start pose (u forward, v left), v(u) = a + b u + c u^2 + d u^3.
/// </summary>
/// <remarks>
/// Evaluation is by arc length: u(s) is recovered from a precomputed arc-length table refined by
/// Newton iteration. Since |dC/du| &gt;= 1, u never exceeds the arc length, so the table spans
/// u in [0, <see cref="GeometrySegment.Length"/>].
/// </remarks>
public sealed class Poly3Segment : GeometrySegment
{
    private readonly double _cos, _sin;
    private readonly ArcLengthTable _table;
    private readonly double _maxCurvature;

    /// <summary>Creates a poly3 segment from its start pose, arc length and coefficients.</summary>
    public Poly3Segment(double s, double x, double y, double hdg, double length, double a, double b, double c, double d)
        : base(s, x, y, hdg, length)
    {
        if (!double.IsFinite(a) || !double.IsFinite(b) || !double.IsFinite(c) || !double.IsFinite(d))
        {
            throw new ArgumentException($"poly3 at s={s}: coefficients must be finite");
        }
        A = a;
        B = b;
        C = c;
        D = d;
        (_sin, _cos) = Math.SinCos(hdg);
        _table = new ArcLengthTable(CubicCurveSpeed.OfPoly3(b, c, d), length, ArcLengthTable.IntervalsFor(length));
        for (int i = 0; i < _table.NodeCount; i++)
        {
            _maxCurvature = Math.Max(_maxCurvature, Math.Abs(CurvatureAtU(_table.NodeParam(i))));
        }
    }

    /// <summary>Constant coefficient of v(u), metres.</summary>
    public double A { get; }

    /// <summary>Linear coefficient of v(u).</summary>
    public double B { get; }

    /// <summary>Quadratic coefficient of v(u), 1/m.</summary>
    public double C { get; }

    /// <summary>Cubic coefficient of v(u), 1/m^2.</summary>
    public double D { get; }

    /// <inheritdoc/>
    public override ReferencePoint Evaluate(double ds)
    {
        double u = _table.ParamAt(ClampDs(ds));
        double v = A + u * (B + u * (C + u * D));
        double dv = B + u * (2 * C + 3 * u * D);
        return new ReferencePoint(
            X + u * _cos - v * _sin,
            Y + u * _sin + v * _cos,
            Angles.WrapPi(Heading + Math.Atan(dv)),
            CurvatureAtU(u));
    }

    internal override bool CostlyToEvaluate => true;

    internal override double MaxAbsCurvature => _maxCurvature;

    private double CurvatureAtU(double u)
    {
        double dv = B + u * (2 * C + 3 * u * D);
        double ddv = 2 * C + 6 * u * D;
        double q = 1 + dv * dv;
        return ddv / (q * Math.Sqrt(q));
    }
}
