using SimCore.Mathematics;

namespace SimCore.Collision;

/// <summary>Narrow-phase tests between pairs of <see cref="OrientedBox"/> rectangles.</summary>
public static class BoxCollision
{
    /// <summary>
    /// Whether the interiors of the two rectangles intersect (separating axis theorem on the
    /// four edge normals). Rectangles that only touch along an edge or at a corner do not overlap.
    /// </summary>
    /// <param name="a">First rectangle.</param>
    /// <param name="b">Second rectangle.</param>
    /// <returns><see langword="true"/> if the rectangles overlap with positive area.</returns>
    public static bool Overlaps(in OrientedBox a, in OrientedBox b) => MinAxisOverlap(a, b, a.Forward, b.Forward) > 0;

    /// <summary>As the public overload, given each box's <see cref="OrientedBox.Forward"/>.</summary>
    internal static bool Overlaps(in OrientedBox a, in OrientedBox b, Vec2 forwardA, Vec2 forwardB) => MinAxisOverlap(a, b, forwardA, forwardB) > 0;

    /// <summary>
    /// Exact minimum Euclidean distance between the two rectangles; 0 when they overlap or touch.
    /// </summary>
    /// <param name="a">First rectangle.</param>
    /// <param name="b">Second rectangle.</param>
    /// <returns>Gap in metres (non-negative).</returns>
    public static double Distance(in OrientedBox a, in OrientedBox b)
    {
        if (Overlaps(a, b))
        {
            return 0.0;
        }

        // Disjoint convex polygons are closest between some pair of boundary edges, and a filled
        // rectangle cannot contain the other here (that would have overlapped), so edges suffice.
        Span<Vec2> ca = stackalloc Vec2[4];
        Span<Vec2> cb = stackalloc Vec2[4];
        a.GetCorners(ca);
        b.GetCorners(cb);
        double best = double.PositiveInfinity;
        for (int i = 0; i < 4; i++)
        {
            Vec2 p0 = ca[i], p1 = ca[(i + 1) & 3];
            for (int j = 0; j < 4; j++)
            {
                best = Math.Min(best, SegmentGeometry.SegmentSegmentDistanceSquared(p0, p1, cb[j], cb[(j + 1) & 3]));
            }
        }

        return Math.Sqrt(best);
    }

    /// <summary>
    /// Smallest overlap of the two rectangles' projections over the four separating axes,
    /// i.e. the shortest translation along one of those axes that separates them; 0 when separated or touching.
    /// </summary>
    /// <param name="a">First rectangle.</param>
    /// <param name="b">Second rectangle.</param>
    /// <returns>Penetration depth in metres (non-negative).</returns>
    public static double PenetrationDepth(in OrientedBox a, in OrientedBox b) => Math.Max(0.0, MinAxisOverlap(a, b, a.Forward, b.Forward));

    /// <summary>
    /// Minimum over the four edge normals of (sum of projected radii − projected centre distance);
    /// positive exactly when every axis overlaps. Written so that swapping a and b gives bit-identical results.
    /// </summary>
    private static double MinAxisOverlap(in OrientedBox a, in OrientedBox b, Vec2 ua, Vec2 ub)
    {
        Vec2 va = ua.PerpLeft, vb = ub.PerpLeft;
        Vec2 d = b.Center - a.Center;

        // Axis cosines are shared between the projections of both boxes.
        double uu = Math.Abs(Vec2.Dot(ua, ub));
        double uv = Math.Abs(Vec2.Dot(ua, vb));
        double vu = Math.Abs(Vec2.Dot(va, ub));
        double vv = Math.Abs(Vec2.Dot(va, vb));

        double onUa = (a.HalfLength + (b.HalfLength * uu + b.HalfWidth * uv)) - Math.Abs(Vec2.Dot(d, ua));
        double onVa = (a.HalfWidth + (b.HalfLength * vu + b.HalfWidth * vv)) - Math.Abs(Vec2.Dot(d, va));
        double onUb = ((a.HalfLength * uu + a.HalfWidth * vu) + b.HalfLength) - Math.Abs(Vec2.Dot(d, ub));
        double onVb = ((a.HalfLength * uv + a.HalfWidth * vv) + b.HalfWidth) - Math.Abs(Vec2.Dot(d, vb));

        return Math.Min(Math.Min(onUa, onVa), Math.Min(onUb, onVb));
    }
}
