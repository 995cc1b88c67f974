using SensorModels.Mathematics;

namespace Sim.Runtime.Datagen;

/// <summary>A 3x4 row-major matrix [R | t] acting on points: KITTI's Tr_* and P* layout.</summary>
internal sealed class Affine3x4
{
    private readonly double[] _m;

    private Affine3x4(double[] m) => _m = m;

    /// <summary>The 12 numbers, row by row.</summary>
    public IReadOnlyList<double> Values => _m;

    /// <summary>The matrix of a rigid map given as a function on points (read off at the origin and the unit vectors).</summary>
    public static Affine3x4 Of(Func<Vec3, Vec3> map)
    {
        Vec3 o = map(new Vec3(0, 0, 0));
        Vec3 x = map(new Vec3(1, 0, 0)) - o, y = map(new Vec3(0, 1, 0)) - o, z = map(new Vec3(0, 0, 1)) - o;
        // Rotations built from sin/cos leave 1e-17 where the matrix is exactly 0: snap those, so calib
        // files read as the exact axis permutations they are.
        static double Snap(double v) => Math.Abs(v) < 1e-12 ? 0 : v;
        return new Affine3x4([Snap(x.X), Snap(y.X), Snap(z.X), Snap(o.X), Snap(x.Y), Snap(y.Y), Snap(z.Y), Snap(o.Y), Snap(x.Z), Snap(y.Z), Snap(z.Z), Snap(o.Z)]);
    }

    /// <summary>From 12 row-major values.</summary>
    public static Affine3x4 FromValues(double[] values) => new((double[])values.Clone());

    /// <summary>M p for a point p.</summary>
    public Vec3 Apply(Vec3 p) => new(
        _m[0] * p.X + _m[1] * p.Y + _m[2] * p.Z + _m[3],
        _m[4] * p.X + _m[5] * p.Y + _m[6] * p.Z + _m[7],
        _m[8] * p.X + _m[9] * p.Y + _m[10] * p.Z + _m[11]);

    /// <summary>M d for a direction d (no translation).</summary>
    public Vec3 Rotate(Vec3 d) => new(
        _m[0] * d.X + _m[1] * d.Y + _m[2] * d.Z,
        _m[4] * d.X + _m[5] * d.Y + _m[6] * d.Z,
        _m[8] * d.X + _m[9] * d.Y + _m[10] * d.Z);
}
