using SimCore.Mathematics;

namespace SimCore.Roads;

/// <summary>A straight line (OpenDRIVE <c>&lt;line&gt;</c>).</summary>
public sealed class LineSegment : GeometrySegment
{
    private readonly double _cos, _sin, _heading;

    /// <summary>Creates a line from its start pose and length.</summary>
    public LineSegment(double s, double x, double y, double hdg, double length)
        : base(s, x, y, hdg, length)
    {
        (_sin, _cos) = Math.SinCos(hdg);
        _heading = Angles.WrapPi(hdg);
    }

    /// <inheritdoc/>
    public override ReferencePoint Evaluate(double ds)
    {
        ds = ClampDs(ds);
        return new ReferencePoint(X + ds * _cos, Y + ds * _sin, _heading, 0);
    }

    internal override double MaxAbsCurvature => 0;
}
