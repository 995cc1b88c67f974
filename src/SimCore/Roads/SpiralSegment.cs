using SimCore.Mathematics;

namespace SimCore.Roads;

/// <summary>
/// A clothoid (OpenDRIVE <c>&lt;spiral&gt;</c>): curvature varies linearly with arc length from
/// <see cref="CurvStart"/> to <see cref="CurvEnd"/>.
/// </summary>
/// <remarks>
/// Positions come from Gauss-Legendre quadrature of (cos h(s), sin h(s)). The segment is split
/// into panels short enough that the heading turns by at most about a radian per panel; panel
/// start positions are precomputed, so an evaluation integrates at most one partial panel
/// (10 sin/cos pairs) and is accurate to well below 1e-9 m.
/// </remarks>
public sealed class SpiralSegment : GeometrySegment
{
    private readonly double _rate;     // dk/ds
    private readonly double _panel;    // panel length
    private readonly double[] _panelX; // position at panel starts, relative to the segment start
    private readonly double[] _panelY;

    /// <summary>Creates a clothoid from its start pose, length and end curvatures.</summary>
    public SpiralSegment(double s, double x, double y, double hdg, double length, double curvStart, double curvEnd)
        : base(s, x, y, hdg, length)
    {
        CheckCurvature(curvStart, "spiral", s);
        CheckCurvature(curvEnd, "spiral", s);
        // The panels below cost as much as the reference line's samples: refuse before computing them.
        double samples = ReferenceLine.SamplesFor(length, Math.Max(Math.Abs(curvStart), Math.Abs(curvEnd)));
        if (samples > ReferenceLine.MaxSamples)
        {
            throw new ArgumentException($"spiral at s={s}: {length:G6} m turning up to {Math.Max(Math.Abs(curvStart), Math.Abs(curvEnd)):G3} 1/m needs {samples:G3} samples; a reference line takes at most {ReferenceLine.MaxSamples}");
        }
        CurvStart = curvStart;
        CurvEnd = curvEnd;
        _rate = length > 0 ? (curvEnd - curvStart) / length : 0;

        // Panel length bounded so k*panel <= 1 and rate*panel^2 <= 1 (phase change per panel).
        double kMax = Math.Max(Math.Abs(curvStart), Math.Abs(curvEnd));
        double panel = length;
        if (kMax > 0)
        {
            panel = Math.Min(panel, 1.0 / kMax);
        }
        if (_rate != 0)
        {
            panel = Math.Min(panel, 1.0 / Math.Sqrt(Math.Abs(_rate)));
        }
        int count = length > 0 ? (int)Math.Min(1_000_000, Math.Max(1, Math.Ceiling(length / panel))) : 1;
        _panel = length > 0 ? length / count : 1;
        _panelX = new double[count + 1];
        _panelY = new double[count + 1];
        for (int i = 0; i < count; i++)
        {
            double s0 = i * _panel;
            (double dx, double dy) = GaussLegendre.IntegrateClothoid(HeadingAt(s0), CurvatureAt(s0), _rate, _panel);
            _panelX[i + 1] = _panelX[i] + dx;
            _panelY[i + 1] = _panelY[i] + dy;
        }
    }

    /// <summary>Curvature at the start, 1/m.</summary>
    public double CurvStart { get; }

    /// <summary>Curvature at the end, 1/m.</summary>
    public double CurvEnd { get; }

    /// <inheritdoc/>
    public override ReferencePoint Evaluate(double ds)
    {
        ds = ClampDs(ds);
        int i = (int)(ds / _panel);
        if (i >= _panelX.Length - 1)
        {
            i = _panelX.Length - 2;
        }
        double s0 = i * _panel;
        double x = _panelX[i], y = _panelY[i];
        double rest = ds - s0;
        if (rest > 0)
        {
            (double dx, double dy) = GaussLegendre.IntegrateClothoid(HeadingAt(s0), CurvatureAt(s0), _rate, rest);
            x += dx;
            y += dy;
        }
        return new ReferencePoint(X + x, Y + y, Angles.WrapPi(HeadingAt(ds)), CurvatureAt(ds));
    }

    internal override bool CostlyToEvaluate => true;

    internal override double MaxAbsCurvature => Math.Max(Math.Abs(CurvStart), Math.Abs(CurvEnd));

    private double HeadingAt(double ds) => Heading + ds * (CurvStart + 0.5 * _rate * ds);

    private double CurvatureAt(double ds) => CurvStart + _rate * ds;
}
