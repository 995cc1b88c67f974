namespace SimCore.Roads;

/// <summary>
/// One OpenDRIVE <c>&lt;geometry&gt;</c> record of a road's plan view: a start pose at road
/// coordinate <see cref="S"/> and a curve of arc length <see cref="Length"/>.
/// </summary>
public abstract class GeometrySegment
{
    // private protected: the set of geometry kinds is closed (it mirrors OpenDRIVE), and the
    // reference line relies on internal members every kind implements.
    private protected GeometrySegment(double s, double x, double y, double heading, double length)
    {
        if (!double.IsFinite(s) || !double.IsFinite(x) || !double.IsFinite(y) || !double.IsFinite(heading))
        {
            throw new ArgumentException($"geometry at s={s}: start pose must be finite (x={x}, y={y}, hdg={heading})");
        }
        if (!double.IsFinite(length) || length < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"geometry at s={s}: length must be finite and >= 0");
        }
        S = s;
        X = x;
        Y = y;
        Heading = heading;
        Length = length;
    }

    /// <summary>Road coordinate s where the segment starts, metres.</summary>
    public double S { get; }

    /// <summary>World x of the start, metres.</summary>
    public double X { get; }

    /// <summary>World y of the start, metres.</summary>
    public double Y { get; }

    /// <summary>Start heading, radians counter-clockwise from +x.</summary>
    public double Heading { get; }

    /// <summary>Arc length of the segment, metres.</summary>
    public double Length { get; }

    /// <summary>
    /// Evaluates the curve at local arc length <paramref name="ds"/> from the segment start;
    /// values outside [0, <see cref="Length"/>] are clamped.
    /// </summary>
    public abstract ReferencePoint Evaluate(double ds);

    /// <summary>
    /// An upper estimate of |curvature| over the segment; sets the sampling density used to
    /// seed projections so no local minimum of distance is skipped.
    /// </summary>
    internal abstract double MaxAbsCurvature { get; }

    /// <summary>Whether an evaluation costs enough (an arc-length inversion, a quadrature) to be worth remembering.</summary>
    internal virtual bool CostlyToEvaluate => false;

    /// <summary>
    /// The largest |curvature| a segment may have, 1/m (a 1 mm radius). Beyond it a road is a typo,
    /// and the end pose of a clothoid stops being a number.
    /// </summary>
    public const double MaxCurvature = 1000;

    /// <summary>Throws unless <paramref name="curvature"/> is finite and within <see cref="MaxCurvature"/>.</summary>
    private protected static void CheckCurvature(double curvature, string kind, double s)
    {
        if (!(Math.Abs(curvature) <= MaxCurvature))
        {
            throw new ArgumentOutOfRangeException(nameof(curvature), curvature, $"{kind} at s={s}: curvature must be finite and at most {MaxCurvature} 1/m in magnitude");
        }
    }

    /// <summary>Clamps a local arc length into the segment.</summary>
    private protected double ClampDs(double ds) => ds <= 0 ? 0 : ds >= Length ? Length : ds;
}
