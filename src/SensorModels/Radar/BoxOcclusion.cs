using SensorModels.Mathematics;
using SimCore.Simulation;

namespace SensorModels.Radar;

/// <summary>
/// Line-of-sight test against the entities' bounding boxes (oriented by heading, from the ground
/// to their height): the radar's occlusion check when no scene geometry is given.
/// </summary>
internal static class BoxOcclusion
{
    /// <summary>True when the segment from <paramref name="from"/> to <paramref name="to"/> passes through the box of any entity but the two ignored ids.</summary>
    public static bool Occluded(ReadOnlySpan<EntitySnapshot> entities, Vec3 from, Vec3 to, int ignoreA, int ignoreB)
    {
        foreach (ref readonly EntitySnapshot e in entities)
        {
            if (e.Id == ignoreA || e.Id == ignoreB || !e.SensorVisible || e.Length <= 0 || e.Width <= 0)
            {
                continue;
            }
            if (Crosses(e, from, to))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Crosses(in EntitySnapshot e, Vec3 from, Vec3 to)
    {
        (double s, double c) = Math.SinCos(e.Heading);
        double ax = from.X - e.X, ay = from.Y - e.Y, bx = to.X - e.X, by = to.Y - e.Y;
        // Into the box frame: rotate by -heading, shift to the box centre.
        double x0 = c * ax + s * ay - e.CenterOffsetX, y0 = -s * ax + c * ay, z0 = from.Z - e.Z;
        double x1 = c * bx + s * by - e.CenterOffsetX, y1 = -s * bx + c * by, z1 = to.Z - e.Z;
        double t0 = 1e-6, t1 = 1 - 1e-6;
        return Slab(x0, x1 - x0, -e.Length / 2, e.Length / 2, ref t0, ref t1)
            && Slab(y0, y1 - y0, -e.Width / 2, e.Width / 2, ref t0, ref t1)
            && Slab(z0, z1 - z0, 0, e.Height, ref t0, ref t1);
    }

    private static bool Slab(double o, double d, double lo, double hi, ref double t0, ref double t1)
    {
        if (Math.Abs(d) < 1e-12)
        {
            return o >= lo && o <= hi;
        }
        double ta = (lo - o) / d, tb = (hi - o) / d;
        if (ta > tb)
        {
            (ta, tb) = (tb, ta);
        }
        t0 = Math.Max(t0, ta);
        t1 = Math.Min(t1, tb);
        return t0 <= t1;
    }
}
