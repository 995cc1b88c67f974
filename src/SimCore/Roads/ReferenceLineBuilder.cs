namespace SimCore.Roads;

/// <summary>
/// Builds a <see cref="ReferenceLine"/> by chaining segments end to start: each segment starts at
/// the previous one's end pose, so hand-written roads (tests, generated scenarios) stay continuous.
/// </summary>
public sealed class ReferenceLineBuilder
{
    private readonly List<GeometrySegment> _segments = [];
    private double _s, _x, _y, _heading;

    /// <summary>Starts a line at the given world pose.</summary>
    public ReferenceLineBuilder(double x, double y, double heading)
    {
        _x = x;
        _y = y;
        _heading = heading;
    }

    /// <summary>Appends a straight line.</summary>
    public ReferenceLineBuilder Line(double length) => Add(new LineSegment(_s, _x, _y, _heading, length));

    /// <summary>Appends a circular arc (positive curvature turns left).</summary>
    public ReferenceLineBuilder Arc(double length, double curvature) =>
        Add(new ArcSegment(_s, _x, _y, _heading, length, curvature));

    /// <summary>Appends a clothoid with curvature varying linearly from <paramref name="curvStart"/> to <paramref name="curvEnd"/>.</summary>
    public ReferenceLineBuilder Spiral(double length, double curvStart, double curvEnd) =>
        Add(new SpiralSegment(_s, _x, _y, _heading, length, curvStart, curvEnd));

    /// <summary>Appends an OpenDRIVE poly3 (v(u) = a + b u + c u^2 + d u^3 in the local frame).</summary>
    public ReferenceLineBuilder Poly3(double a, double b, double c, double d, double length) =>
        Add(new Poly3Segment(_s, _x, _y, _heading, length, a, b, c, d));

    /// <summary>Appends an OpenDRIVE paramPoly3.</summary>
    public ReferenceLineBuilder ParamPoly3(
        double aU, double bU, double cU, double dU,
        double aV, double bV, double cV, double dV,
        ParamPolyRange range, double length) =>
        Add(new ParamPoly3Segment(_s, _x, _y, _heading, length, aU, bU, cU, dU, aV, bV, cV, dV, range));

    /// <summary>Creates the reference line from the segments added so far.</summary>
    public ReferenceLine Build() => new(_segments.ToArray());

    private ReferenceLineBuilder Add(GeometrySegment segment)
    {
        _segments.Add(segment);
        ReferencePoint end = segment.Evaluate(segment.Length);
        _s += segment.Length;
        _x = end.X;
        _y = end.Y;
        // Keep the heading unwrapped-continuous; the wrapped value would do as well, but this keeps
        // start headings identical to what a hand calculation of the chain gives.
        _heading += SimCore.Mathematics.Angles.WrapPi(end.Heading - _heading);
        return this;
    }
}
