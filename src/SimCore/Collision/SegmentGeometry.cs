using SimCore.Mathematics;

namespace SimCore.Collision;

/// <summary>Distances between points and line segments in the plane.</summary>
internal static class SegmentGeometry
{
    /// <summary>Squared distance from <paramref name="p"/> to the segment [<paramref name="a"/>, <paramref name="b"/>].</summary>
    public static double PointSegmentDistanceSquared(Vec2 p, Vec2 a, Vec2 b)
    {
        Vec2 ab = b - a;
        Vec2 ap = p - a;
        double len2 = ab.LengthSquared;
        // A zero-length segment is a point; dividing would produce NaN.
        double t = len2 > 0 ? Math.Clamp(Vec2.Dot(ap, ab) / len2, 0.0, 1.0) : 0.0;
        return (ap - ab * t).LengthSquared;
    }

    /// <summary>Squared minimum distance between segments [<paramref name="p0"/>, <paramref name="p1"/>] and [<paramref name="q0"/>, <paramref name="q1"/>].</summary>
    public static double SegmentSegmentDistanceSquared(Vec2 p0, Vec2 p1, Vec2 q0, Vec2 q1)
    {
        if (ProperlyIntersect(p0, p1, q0, q1))
        {
            return 0.0;
        }

        // Two non-crossing segments attain their minimum distance at an endpoint of one of them.
        double d = PointSegmentDistanceSquared(p0, q0, q1);
        d = Math.Min(d, PointSegmentDistanceSquared(p1, q0, q1));
        d = Math.Min(d, PointSegmentDistanceSquared(q0, p0, p1));
        d = Math.Min(d, PointSegmentDistanceSquared(q1, p0, p1));
        return d;
    }

    /// <summary>Whether the segments cross at a single interior point (touching and collinear cases are left to the endpoint distances, which report zero for them).</summary>
    private static bool ProperlyIntersect(Vec2 p0, Vec2 p1, Vec2 q0, Vec2 q1)
    {
        double d1 = Vec2.Cross(p1 - p0, q0 - p0);
        double d2 = Vec2.Cross(p1 - p0, q1 - p0);
        double d3 = Vec2.Cross(q1 - q0, p0 - q0);
        double d4 = Vec2.Cross(q1 - q0, p1 - q0);
        return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0))
            && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
    }
}
