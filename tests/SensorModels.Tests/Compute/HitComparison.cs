using System.Globalization;
using SensorModels.Compute;
using SensorModels.Geometry;

namespace SensorModels.Tests.Compute;

/// <summary>
/// Compares a device's hits with the CPU traversal's, ray by ray: equal (hit/miss the same, same
/// triangle, t within 1 mm; bit-identical counted apart), or different. A difference counts as
/// grazing when a hit it involves lies within 1e-4 (barycentric) of its triangle's edge, or both
/// hit the same entity at the same t on neighbouring triangles (an edge they share); any other
/// difference is a failure.
/// </summary>
internal sealed class HitComparison
{
    public const double RangeTolerance = 1e-3;
    private const double EdgeTolerance = 1e-4;

    public int Rays, Hits, Misses, BitIdentical, Grazing, Other;
    public double MaxRangeDifference;
    public readonly List<string> Failures = new();

    /// <summary>Adds ray <paramref name="q"/>: the CPU's <paramref name="cpu"/> against the device's <paramref name="gpu"/>, with the instances as posed for it.</summary>
    public void Add(SceneGeometry scene, ScenePose pose, in RayQuery q, in RayHit cpu, in RayHit gpu)
    {
        Rays++;
        if (!cpu.IsHit && !gpu.IsHit)
        {
            Misses++;
            BitIdentical++;
            return;
        }
        if (cpu.IsHit && gpu.IsHit && (q.AnyHit || (cpu.Instance == gpu.Instance && cpu.Triangle == gpu.Triangle)) && Math.Abs(cpu.T - gpu.T) <= RangeTolerance)
        {
            Hits++;
            MaxRangeDifference = Math.Max(MaxRangeDifference, Math.Abs(cpu.T - gpu.T));
            if (BitConverter.SingleToInt32Bits(cpu.T) == BitConverter.SingleToInt32Bits(gpu.T) && cpu.Instance == gpu.Instance && cpu.Triangle == gpu.Triangle)
            {
                BitIdentical++;
            }
            return;
        }
        bool sharedEdge = cpu.IsHit && gpu.IsHit && Math.Abs(cpu.T - gpu.T) <= RangeTolerance && cpu.Instance == gpu.Instance;
        if (sharedEdge || (cpu.IsHit && NearEdge(scene, pose, q, cpu)) || (gpu.IsHit && NearEdge(scene, pose, q, gpu)))
        {
            Grazing++;
            return;
        }
        Other++;
        if (Failures.Count < 10)
        {
            Failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"ray ({q.Origin.X}, {q.Origin.Y}, {q.Origin.Z}) -> ({q.Direction.X}, {q.Direction.Y}, {q.Direction.Z}): cpu {Describe(cpu)}, gpu {Describe(gpu)}"));
        }
    }

    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{Rays} rays: {Hits} equal hits, {Misses} equal misses, {BitIdentical} bit-identical, {Grazing} grazing an edge, {Other} other differences; largest range difference {MaxRangeDifference * 1000:F6} mm");

    private static string Describe(in RayHit h) => h.IsHit ? $"t {h.T} instance {h.Instance} triangle {h.Triangle}" : "miss";

    /// <summary>Whether the ray meets the hit's triangle within <see cref="EdgeTolerance"/> of an edge (in double, in the triangle's own frame).</summary>
    private static bool NearEdge(SceneGeometry scene, ScenePose pose, in RayQuery q, in RayHit h)
    {
        (double X, double Y, double Z) o = (q.Origin.X, q.Origin.Y, q.Origin.Z), d = (q.Direction.X, q.Direction.Y, q.Direction.Z);
        TriangleMesh mesh = scene.StaticMesh;
        if (h.Instance >= 0)
        {
            InstancePose inst = pose.Instances[h.Instance];
            mesh = inst.Template.Mesh;
            (double X, double Y, double Z) rel = (o.X - inst.T.X, o.Y - inst.T.Y, o.Z - inst.T.Z);
            o = (Dot(inst.Inv0, rel), Dot(inst.Inv1, rel), Dot(inst.Inv2, rel));
            d = (Dot(inst.Inv0, d), Dot(inst.Inv1, d), Dot(inst.Inv2, d));
        }
        F3 a = mesh.Vertices[3 * h.Triangle], b = mesh.Vertices[3 * h.Triangle + 1], c = mesh.Vertices[3 * h.Triangle + 2];
        (double X, double Y, double Z) e1 = (b.X - a.X, b.Y - a.Y, b.Z - a.Z), e2 = (c.X - a.X, c.Y - a.Y, c.Z - a.Z);
        var p = Cross(d, e2);
        double det = e1.X * p.X + e1.Y * p.Y + e1.Z * p.Z;
        if (det == 0)
        {
            return true;
        }
        (double X, double Y, double Z) s = (o.X - a.X, o.Y - a.Y, o.Z - a.Z);
        double u = (s.X * p.X + s.Y * p.Y + s.Z * p.Z) / det;
        var qv = Cross(s, e1);
        double v = (d.X * qv.X + d.Y * qv.Y + d.Z * qv.Z) / det;
        return Math.Min(Math.Min(Math.Abs(u), Math.Abs(v)), Math.Abs(1 - u - v)) < EdgeTolerance;
    }

    private static double Dot(F3 a, (double X, double Y, double Z) b) => a.X * b.X + a.Y * b.Y + a.Z * b.Z;

    private static (double X, double Y, double Z) Cross((double X, double Y, double Z) a, (double X, double Y, double Z) b)
        => (a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);
}
