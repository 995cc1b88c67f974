using SimCore.Collision;
using SimCore.Mathematics;

namespace SimCore.Tests.Collision;

/// <summary>
/// Reference checks written independently of the code under test. The polygon test assumes
/// general position (no coincident or collinear edges), which random doubles give almost surely.
/// </summary>
internal static class BruteForceGeometry
{
    public static Vec2[] Corners(in OrientedBox box)
    {
        // Built from the definition rather than GetCorners so a bug there cannot hide here.
        double c = Math.Cos(box.Heading), s = Math.Sin(box.Heading);
        var result = new Vec2[4];
        (double lx, double ly)[] local = [(1, -1), (1, 1), (-1, 1), (-1, -1)];
        for (int i = 0; i < 4; i++)
        {
            double x = local[i].lx * box.HalfLength, y = local[i].ly * box.HalfWidth;
            result[i] = new Vec2(box.Center.X + c * x - s * y, box.Center.Y + s * x + c * y);
        }

        return result;
    }

    /// <summary>Interiors intersect: a vertex strictly inside the other polygon, or two edges crossing.</summary>
    public static bool PolygonsOverlap(Vec2[] p, Vec2[] q)
    {
        foreach (Vec2 v in p)
        {
            if (StrictlyInsideConvexCcw(v, q))
            {
                return true;
            }
        }

        foreach (Vec2 v in q)
        {
            if (StrictlyInsideConvexCcw(v, p))
            {
                return true;
            }
        }

        for (int i = 0; i < p.Length; i++)
        {
            for (int j = 0; j < q.Length; j++)
            {
                if (SegmentsCross(p[i], p[(i + 1) % p.Length], q[j], q[(j + 1) % q.Length]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public static bool AabbOverlap(in OrientedBox a, in OrientedBox b, double margin)
    {
        (double aMinX, double aMaxX, double aMinY, double aMaxY) = CornerBounds(a);
        (double bMinX, double bMaxX, double bMinY, double bMaxY) = CornerBounds(b);
        return aMinX - margin <= bMaxX + margin && bMinX - margin <= aMaxX + margin
            && aMinY - margin <= bMaxY + margin && bMinY - margin <= aMaxY + margin;
    }

    /// <summary>Lower bound on the true gap, minus at most half the sample spacing: min over boundary samples of one box to the other box's edges.</summary>
    public static double SampledDistance(in OrientedBox a, in OrientedBox b, int samplesPerEdge)
    {
        Vec2[] pa = Corners(a), pb = Corners(b);
        return Math.Min(SampledOneWay(pa, pb, samplesPerEdge), SampledOneWay(pb, pa, samplesPerEdge));
    }

    private static double SampledOneWay(Vec2[] from, Vec2[] to, int samplesPerEdge)
    {
        double best = double.PositiveInfinity;
        for (int i = 0; i < 4; i++)
        {
            Vec2 a = from[i], b = from[(i + 1) % 4];
            for (int k = 0; k <= samplesPerEdge; k++)
            {
                Vec2 p = a + (b - a) * ((double)k / samplesPerEdge);
                for (int j = 0; j < 4; j++)
                {
                    best = Math.Min(best, PointToSegment(p, to[j], to[(j + 1) % 4]));
                }
            }
        }

        return best;
    }

    private static double PointToSegment(Vec2 p, Vec2 a, Vec2 b)
    {
        double dx = b.X - a.X, dy = b.Y - a.Y;
        double t = ((p.X - a.X) * dx + (p.Y - a.Y) * dy) / (dx * dx + dy * dy);
        t = Math.Max(0, Math.Min(1, t));
        double ex = p.X - (a.X + t * dx), ey = p.Y - (a.Y + t * dy);
        return Math.Sqrt(ex * ex + ey * ey);
    }

    private static (double MinX, double MaxX, double MinY, double MaxY) CornerBounds(in OrientedBox box)
    {
        Vec2[] c = Corners(box);
        return (c.Min(v => v.X), c.Max(v => v.X), c.Min(v => v.Y), c.Max(v => v.Y));
    }

    private static bool StrictlyInsideConvexCcw(Vec2 v, Vec2[] poly)
    {
        for (int i = 0; i < poly.Length; i++)
        {
            Vec2 a = poly[i], b = poly[(i + 1) % poly.Length];
            if ((b.X - a.X) * (v.Y - a.Y) - (b.Y - a.Y) * (v.X - a.X) <= 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool SegmentsCross(Vec2 p0, Vec2 p1, Vec2 q0, Vec2 q1)
    {
        static double Orient(Vec2 a, Vec2 b, Vec2 c) => (b.X - a.X) * (c.Y - a.Y) - (b.Y - a.Y) * (c.X - a.X);
        double d1 = Orient(q0, q1, p0), d2 = Orient(q0, q1, p1);
        double d3 = Orient(p0, p1, q0), d4 = Orient(p0, p1, q1);
        return d1 * d2 < 0 && d3 * d4 < 0;
    }

    public static OrientedBox RandomBox(Random rng, double extent, double maxHalfLength, double maxHalfWidth) =>
        new(
            new Vec2((rng.NextDouble() * 2 - 1) * extent, (rng.NextDouble() * 2 - 1) * extent),
            (rng.NextDouble() * 2 - 1) * Math.PI,
            0.1 + rng.NextDouble() * maxHalfLength,
            0.05 + rng.NextDouble() * maxHalfWidth);
}
