using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SensorModels.Geometry;

/// <summary>
/// Lane helpers of packet traversal (<see cref="Bvh4.IntersectPacket"/>): eight rays from one
/// origin, one per <see cref="Vector256{T}"/> lane. Each lane repeats the single-ray arithmetic
/// (<see cref="Bvh.NonZero"/>, the slab test, <see cref="Bvh.HitTriangle"/>) operation for operation,
/// without fused multiply-adds, so a triangle a lane tests gives it the single ray's t bit for bit.
/// </summary>
internal static class RayPacket
{
    /// <summary>Rays per packet.</summary>
    public const int Width = 8;

    private static readonly Vector256<int> LaneBits = Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128);

    /// <summary>True where packets run on vector hardware; elsewhere the single-ray path is faster.</summary>
    public static bool Accelerated => Vector256.IsHardwareAccelerated;

    /// <summary>All-ones lanes for the set bits of <paramref name="mask"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Lanes(uint mask)
        => (~Vector256.Equals(LaneBits & Vector256.Create((int)mask), Vector256<int>.Zero)).AsSingle();

    /// <summary><see cref="Bvh.NonZero"/> per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> NonZero(Vector256<float> v)
    {
        Vector256<float> tiny = Vector256.Create(1e-20f);
        Vector256<float> signed = (v & Vector256.Create(-0f)) | tiny;
        return Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256.Abs(v), tiny), v, signed);
    }

    /// <summary>
    /// The lanes of <paramref name="mask"/> whose ray meets the box [min, max] within (tMin,
    /// <paramref name="best"/>): the single-ray slab test lane by lane (inverse directions
    /// <paramref name="ix"/>.., origin times inverse <paramref name="ox"/>..); <paramref name="near"/>
    /// gets each lane's entry distance.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Enter(float minX, float minY, float minZ, float maxX, float maxY, float maxZ,
        Vector256<float> ix, Vector256<float> iy, Vector256<float> iz, Vector256<float> ox, Vector256<float> oy, Vector256<float> oz,
        Vector256<float> tMin, Vector256<float> best, uint mask, out Vector256<float> near)
    {
        Vector256<float> x0 = Vector256.Create(minX) * ix - ox, x1 = Vector256.Create(maxX) * ix - ox;
        Vector256<float> y0 = Vector256.Create(minY) * iy - oy, y1 = Vector256.Create(maxY) * iy - oy;
        Vector256<float> z0 = Vector256.Create(minZ) * iz - oz, z1 = Vector256.Create(maxZ) * iz - oz;
        // The platform's min and max: no NaN reaches them (NonZero keeps the inverses finite), and the
        // IEEE Min and Max, which order signed zeros and propagate NaN, doubled the cost of the test.
        near = Vector256.MaxNative(Vector256.MaxNative(Vector256.MinNative(x0, x1), Vector256.MinNative(y0, y1)), Vector256.MaxNative(Vector256.MinNative(z0, z1), tMin));
        Vector256<float> far = Vector256.MinNative(Vector256.MinNative(Vector256.MaxNative(x0, x1), Vector256.MaxNative(y0, y1)), Vector256.MinNative(Vector256.MaxNative(z0, z1), best));
        return Vector256.LessThanOrEqual(near, far).ExtractMostSignificantBits() & mask;
    }

    /// <summary>The least of <paramref name="v"/>'s lanes in <paramref name="mask"/> (the packet's entry distance into a box).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MinLane(Vector256<float> v, uint mask)
    {
        v = Vector256.ConditionalSelect(Lanes(mask), v, Vector256.Create(float.MaxValue));
        Vector128<float> h = Vector128.MinNative(v.GetLower(), v.GetUpper());
        h = Vector128.MinNative(h, Vector128.Shuffle(h, Vector128.Create(2, 3, 0, 1)));
        h = Vector128.MinNative(h, Vector128.Shuffle(h, Vector128.Create(1, 0, 3, 2)));
        return h.ToScalar();
    }

    /// <summary>
    /// Tests triangles [<paramref name="first"/>, first + <paramref name="n"/>) against the lanes in
    /// <paramref name="mask"/> (Möller-Trumbore as <see cref="Bvh.HitTriangle"/>); returns the lanes that hit nearer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint HitLeaf(ref BvhTriangle triRef, int first, int n, F3 o, Vector256<float> dx, Vector256<float> dy, Vector256<float> dz, Vector256<float> tMin, ref Vector256<float> best, ref Vector256<int> triangle, uint mask)
    {
        Vector256<float> lanes = Lanes(mask), one = Vector256<float>.One, zero = Vector256<float>.Zero;
        uint hit = 0;
        for (int i = first; i < first + n; i++)
        {
            ref BvhTriangle tr = ref Unsafe.Add(ref triRef, i);
            Vector256<float> e2x = Vector256.Create(tr.E2.X), e2y = Vector256.Create(tr.E2.Y), e2z = Vector256.Create(tr.E2.Z);
            // p = d x E2, det = E1 . p
            Vector256<float> px = dy * e2z - dz * e2y, py = dz * e2x - dx * e2z, pz = dx * e2y - dy * e2x;
            Vector256<float> det = Vector256.Create(tr.E1.X) * px + Vector256.Create(tr.E1.Y) * py + Vector256.Create(tr.E1.Z) * pz;
            Vector256<float> inv = one / det;
            F3 s = o - tr.V0;
            Vector256<float> u = (Vector256.Create(s.X) * px + Vector256.Create(s.Y) * py + Vector256.Create(s.Z) * pz) * inv;
            F3 q = F3.Cross(s, tr.E1);
            Vector256<float> v = (dx * Vector256.Create(q.X) + dy * Vector256.Create(q.Y) + dz * Vector256.Create(q.Z)) * inv;
            Vector256<float> t = Vector256.Create(F3.Dot(tr.E2, q)) * inv;
            Vector256<float> reject = Vector256.Equals(det, zero) | Vector256.LessThan(u, zero) | Vector256.GreaterThan(u, one)
                | Vector256.LessThan(v, zero) | Vector256.GreaterThan(u + v, one);
            Vector256<float> ok = Vector256.AndNot(lanes & Vector256.GreaterThan(t, tMin) & Vector256.LessThan(t, best), reject);
            uint bits = ok.ExtractMostSignificantBits();
            if (bits != 0)
            {
                best = Vector256.ConditionalSelect(ok, t, best);
                triangle = Vector256.ConditionalSelect(ok.AsInt32(), Vector256.Create(tr.Index), triangle);
                hit |= bits;
            }
        }
        return hit;
    }
}
