namespace Sim.Runtime.Scoring;

/// <summary>
/// Intersection over union of two rotated rectangles in the bird's-eye view (the xy plane):
/// one rectangle is clipped against the four edges of the other (Sutherland-Hodgman, exact for
/// convex polygons) and the area of what is left is the intersection. Allocates nothing.
/// </summary>
internal static class BevIou
{
    // Clipping a polygon of n vertices against a half-plane keeps its k inside vertices and adds one
    // per crossing, at most 2 min(k, n - k): at most 4n/3 vertices. From 4 corners over 4 edges:
    // 6, 8, 11, 15. Sixteen covers even rounding-noise non-convexity.
    private const int Capacity = 16;

    /// <summary>
    /// The IoU of a rectangle centred at (<paramref name="ax"/>, <paramref name="ay"/>) of
    /// <paramref name="aLength"/> along its heading <paramref name="aYaw"/> and
    /// <paramref name="aWidth"/> across it, with the rectangle described by the b parameters.
    /// 0 for disjoint or degenerate (zero-area) rectangles, 1 for identical ones.
    /// </summary>
    public static double Compute(double ax, double ay, double aLength, double aWidth, double aYaw,
        double bx, double by, double bLength, double bWidth, double bYaw)
    {
        double areaA = aLength * aWidth, areaB = bLength * bWidth;
        if (!(areaA > 0) || !(areaB > 0))
        {
            return 0;
        }
        // Cheap reject: centres further apart than the two circumscribed circles reach.
        double dx = bx - ax, dy = by - ay;
        double reach = 0.5 * (Math.Sqrt(aLength * aLength + aWidth * aWidth) + Math.Sqrt(bLength * bLength + bWidth * bWidth));
        if (dx * dx + dy * dy > reach * reach)
        {
            return 0;
        }
        Span<double> a = stackalloc double[8];
        Span<double> b = stackalloc double[8];
        Corners(ax, ay, aLength, aWidth, aYaw, a);
        Corners(bx, by, bLength, bWidth, bYaw, b);
        double inter = IntersectionArea(a, b);
        double union = areaA + areaB - inter;
        return union > 0 ? Math.Clamp(inter / union, 0, 1) : 0;
    }

    /// <summary>Writes the four corners (x0, y0, x1, y1, ...) counter-clockwise.</summary>
    internal static void Corners(double cx, double cy, double length, double width, double yaw, Span<double> xy)
    {
        (double s, double c) = Math.SinCos(yaw);
        double hl = length / 2, hw = width / 2;
        // Local (+l, -w), (+l, +w), (-l, +w), (-l, -w): counter-clockwise with y to the left.
        Span<double> lx = [hl, hl, -hl, -hl];
        Span<double> ly = [-hw, hw, hw, -hw];
        for (int i = 0; i < 4; i++)
        {
            xy[2 * i] = cx + c * lx[i] - s * ly[i];
            xy[2 * i + 1] = cy + s * lx[i] + c * ly[i];
        }
    }

    /// <summary>Area of the intersection of two convex counter-clockwise quadrilaterals.</summary>
    internal static double IntersectionArea(ReadOnlySpan<double> subject, ReadOnlySpan<double> clip)
    {
        Span<double> bufA = stackalloc double[2 * Capacity];
        Span<double> bufB = stackalloc double[2 * Capacity];
        subject.CopyTo(bufA);
        int n = subject.Length / 2;
        Span<double> input = bufA, output = bufB;
        int m = clip.Length / 2;
        for (int e = 0; e < m && n > 0; e++)
        {
            double ex = clip[2 * e], ey = clip[2 * e + 1];
            double fx = clip[2 * ((e + 1) % m)], fy = clip[2 * ((e + 1) % m) + 1];
            n = ClipToHalfPlane(input, n, ex, ey, fx, fy, output);
            Span<double> t = input;
            input = output;
            output = t;
        }
        return n < 3 ? 0 : Math.Abs(Shoelace(input, n));
    }

    /// <summary>Keeps the part of polygon <paramref name="p"/> left of the directed line e -> f (on the line counts as inside).</summary>
    private static int ClipToHalfPlane(ReadOnlySpan<double> p, int n, double ex, double ey, double fx, double fy, Span<double> output)
    {
        double ux = fx - ex, uy = fy - ey;
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            int j = (i + 1) % n;
            double px = p[2 * i], py = p[2 * i + 1], qx = p[2 * j], qy = p[2 * j + 1];
            // Signed (scaled) distances to the left of the edge line.
            double dp = ux * (py - ey) - uy * (px - ex);
            double dq = ux * (qy - ey) - uy * (qx - ex);
            if (dp >= 0)
            {
                k = Add(output, k, px, py);
            }
            if ((dp >= 0) != (dq >= 0))
            {
                double t = dp / (dp - dq);
                k = Add(output, k, px + t * (qx - px), py + t * (qy - py));
            }
        }
        return k;
    }

    private static int Add(Span<double> output, int k, double x, double y)
    {
        // Unreachable by the bound above; guard so that a bug loses area instead of memory safety.
        if (k == Capacity)
        {
            return k;
        }
        output[2 * k] = x;
        output[2 * k + 1] = y;
        return k + 1;
    }

    private static double Shoelace(ReadOnlySpan<double> p, int n)
    {
        // Relative to the first vertex: boxes far from the ego would otherwise lose digits to
        // products of large coordinates.
        double ox = p[0], oy = p[1], twice = 0;
        for (int i = 1; i < n - 1; i++)
        {
            twice += (p[2 * i] - ox) * (p[2 * i + 3] - oy) - (p[2 * i + 2] - ox) * (p[2 * i + 1] - oy);
        }
        return twice / 2;
    }
}
