using SimCore.Mathematics;

namespace SimCore.Roads;

/// <summary>
/// An OpenDRIVE <c>&lt;paramPoly3&gt;</c>: in a local frame at the start pose (u forward, v left),
/// u(p) = aU + bU p + cU p^2 + dU p^3 and v(p) = aV + bV p + cV p^2 + dV p^3.
/// </summary>
/// <remarks>
/// Evaluation is by true arc length: p(s) comes from a precomputed arc-length table refined by
/// Newton iteration. Files often state a length that differs slightly from the polynomial's
/// actual arc length; the local arc length is then scaled so that ds = Length lands exactly on
/// the end of the parameter range, keeping the next segment's start continuous.
/// </remarks>
public sealed class ParamPoly3Segment : GeometrySegment
{
    private readonly double _cos, _sin;
    private readonly ArcLengthTable _table;
    private readonly double _maxCurvature;

    /// <summary>Creates a paramPoly3 segment from its start pose, length, coefficients and parameter range.</summary>
    public ParamPoly3Segment(
        double s, double x, double y, double hdg, double length,
        double aU, double bU, double cU, double dU,
        double aV, double bV, double cV, double dV,
        ParamPolyRange range)
        : base(s, x, y, hdg, length)
    {
        if (!double.IsFinite(aU) || !double.IsFinite(bU) || !double.IsFinite(cU) || !double.IsFinite(dU)
            || !double.IsFinite(aV) || !double.IsFinite(bV) || !double.IsFinite(cV) || !double.IsFinite(dV))
        {
            throw new ArgumentException($"paramPoly3 at s={s}: coefficients must be finite");
        }
        if (range is not (ParamPolyRange.ArcLength or ParamPolyRange.Normalized))
        {
            throw new ArgumentOutOfRangeException(nameof(range), range, $"paramPoly3 at s={s}: unknown pRange");
        }
        AU = aU; BU = bU; CU = cU; DU = dU;
        AV = aV; BV = bV; CV = cV; DV = dV;
        Range = range;
        (_sin, _cos) = Math.SinCos(hdg);
        double pEnd = range == ParamPolyRange.Normalized ? 1.0 : length;
        _table = new ArcLengthTable(new CubicCurveSpeed(bU, cU, dU, bV, cV, dV), pEnd, ArcLengthTable.IntervalsFor(length));
        for (int i = 0; i < _table.NodeCount; i++)
        {
            _maxCurvature = Math.Max(_maxCurvature, Math.Abs(CurvatureAtP(_table.NodeParam(i))));
        }
    }

    /// <summary>Constant coefficient of u(p), metres.</summary>
    public double AU { get; }

    /// <summary>Linear coefficient of u(p).</summary>
    public double BU { get; }

    /// <summary>Quadratic coefficient of u(p).</summary>
    public double CU { get; }

    /// <summary>Cubic coefficient of u(p).</summary>
    public double DU { get; }

    /// <summary>Constant coefficient of v(p), metres.</summary>
    public double AV { get; }

    /// <summary>Linear coefficient of v(p).</summary>
    public double BV { get; }

    /// <summary>Quadratic coefficient of v(p).</summary>
    public double CV { get; }

    /// <summary>Cubic coefficient of v(p).</summary>
    public double DV { get; }

    /// <summary>Range of the parameter p.</summary>
    public ParamPolyRange Range { get; }

    /// <summary>The polynomial's actual arc length over its parameter range, metres.</summary>
    public double CurveLength => _table.Total;

    /// <inheritdoc/>
    public override ReferencePoint Evaluate(double ds)
    {
        ds = ClampDs(ds);
        // Actual arc length / declared length, from the table (built on first use).
        double total = _table.Total;
        double scale = Length > 0 && total > 0 ? total / Length : 1.0;
        double p = total > 0 ? _table.ParamAt(ds * scale) : (Length > 0 ? _table.ParamEnd * ds / Length : 0);
        double u = AU + p * (BU + p * (CU + p * DU));
        double v = AV + p * (BV + p * (CV + p * DV));
        double du = BU + p * (2 * CU + 3 * p * DU);
        double dv = BV + p * (2 * CV + 3 * p * DV);
        double heading = du == 0 && dv == 0 ? Heading : Heading + Math.Atan2(dv, du);
        return new ReferencePoint(
            X + u * _cos - v * _sin,
            Y + u * _sin + v * _cos,
            Angles.WrapPi(heading),
            CurvatureAtP(p));
    }

    internal override bool CostlyToEvaluate => true;

    internal override double MaxAbsCurvature => _maxCurvature;

    private double CurvatureAtP(double p)
    {
        double du = BU + p * (2 * CU + 3 * p * DU);
        double dv = BV + p * (2 * CV + 3 * p * DV);
        double ddu = 2 * CU + 6 * p * DU;
        double ddv = 2 * CV + 6 * p * DV;
        double q = du * du + dv * dv;
        return q > 0 ? (du * ddv - dv * ddu) / (q * Math.Sqrt(q)) : 0;
    }
}
