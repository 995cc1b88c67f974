using SimCore.Mathematics;

namespace SimCore.Roads;

/// <summary>A circular arc of constant curvature (OpenDRIVE <c>&lt;arc&gt;</c>).</summary>
public sealed class ArcSegment : GeometrySegment
{
    /// <summary>Creates an arc; positive curvature turns left.</summary>
    public ArcSegment(double s, double x, double y, double hdg, double length, double curvature)
        : base(s, x, y, hdg, length)
    {
        CheckCurvature(curvature, "arc", s);
        Curvature = curvature;
    }

    /// <summary>Signed curvature, 1/m (positive turns left).</summary>
    public double Curvature { get; }

    /// <inheritdoc/>
    public override ReferencePoint Evaluate(double ds)
    {
        ds = ClampDs(ds);
        double half = 0.5 * Curvature * ds;
        // Chord form: stays accurate as curvature tends to zero, unlike (sin(h+ks)-sin h)/k.
        double chord = Math.Abs(half) < 1e-8 ? ds * (1 - half * half / 6) : 2 * Math.Sin(half) / Curvature;
        (double sin, double cos) = Math.SinCos(Heading + half);
        return new ReferencePoint(X + chord * cos, Y + chord * sin, Angles.WrapPi(Heading + 2 * half), Curvature);
    }

    internal override double MaxAbsCurvature => Math.Abs(Curvature);
}
