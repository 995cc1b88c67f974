using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SensorModels.Geometry;

/// <summary>A BVH node: bounds; for an inner node the index of the left child (the right one follows it), for a leaf the first triangle and a count above 0.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BvhNode
{
    public float MinX, MinY, MinZ;
    public int LeftOrFirst;
    public float MaxX, MaxY, MaxZ;
    public int Count;
}

/// <summary>A triangle prepared for Möller-Trumbore: a vertex and two edges, and its index in the mesh.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BvhTriangle
{
    public F3 V0, E1, E2;
    public int Index;
}

/// <summary>
/// A bounding-volume hierarchy over a triangle mesh, built once as a binary tree with binned SAH
/// (16 bins per axis, small leaves where the SAH says so) and traversed as its 4-wide collapse
/// (<see cref="Bvh4"/>), in float, front to back, with a per-call stack on the thread's stack: no
/// allocation per ray.
/// </summary>
internal sealed class Bvh
{
    private const int Bins = 16;
    private const int MaxLeaf = 4;
    private const int StackSize = 128;

    private readonly BvhNode[] _nodes;
    private readonly BvhTriangle[] _tris;
    private readonly Bvh4 _wide;

    /// <summary>Builds the hierarchy of <paramref name="mesh"/>.</summary>
    public Bvh(TriangleMesh mesh)
    {
        int n = mesh.TriangleCount;
        var bmin = new F3[n];
        var bmax = new F3[n];
        var cen = new F3[n];
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            F3 a = mesh.Vertices[3 * i], b = mesh.Vertices[3 * i + 1], c = mesh.Vertices[3 * i + 2];
            bmin[i] = F3.Min(F3.Min(a, b), c);
            bmax[i] = F3.Max(F3.Max(a, b), c);
            cen[i] = (bmin[i] + bmax[i]) * 0.5f;
            order[i] = i;
        }
        var nodes = new BvhNode[Math.Max(1, 2 * n)];
        int count = 1;
        if (n == 0)
        {
            nodes[0] = new BvhNode { MinX = 1, MinY = 1, MinZ = 1, MaxX = -1, MaxY = -1, MaxZ = -1, LeftOrFirst = 0, Count = 0 };
            // An empty leaf: Count 0 would read as inner, so mark it as a leaf without triangles below.
            nodes[0].Count = -1;
        }
        else
        {
            Subdivide(nodes, ref count, 0, 0, n, order, bmin, bmax, cen);
        }
        _nodes = nodes.AsSpan(0, count).ToArray();
        _tris = new BvhTriangle[n];
        for (int i = 0; i < n; i++)
        {
            int t = order[i];
            F3 a = mesh.Vertices[3 * t], b = mesh.Vertices[3 * t + 1], c = mesh.Vertices[3 * t + 2];
            _tris[i] = new BvhTriangle { V0 = a, E1 = b - a, E2 = c - a, Index = t };
        }
        Mesh = mesh;
        _wide = new Bvh4(_nodes);
    }

    /// <summary>The mesh it indexes.</summary>
    public TriangleMesh Mesh { get; }

    /// <summary>The triangles in leaf order (what a device uploads).</summary>
    internal BvhTriangle[] Triangles => _tris;

    /// <summary>The 4-wide tree that is traversed (what a device uploads).</summary>
    internal Bvh4 Wide => _wide;

    /// <summary>Nodes (for statistics).</summary>
    public int NodeCount => _nodes.Length;

    /// <summary>Bounds of everything.</summary>
    public (F3 Min, F3 Max) Bounds => (new F3(_nodes[0].MinX, _nodes[0].MinY, _nodes[0].MinZ), new F3(_nodes[0].MaxX, _nodes[0].MaxY, _nodes[0].MaxZ));

    private static void Subdivide(BvhNode[] nodes, ref int count, int index, int first, int n, int[] order, F3[] bmin, F3[] bmax, F3[] cen)
    {
        F3 lo = new(float.MaxValue, float.MaxValue, float.MaxValue), hi = new(float.MinValue, float.MinValue, float.MinValue);
        F3 clo = lo, chi = hi;
        for (int i = first; i < first + n; i++)
        {
            int t = order[i];
            lo = F3.Min(lo, bmin[t]);
            hi = F3.Max(hi, bmax[t]);
            clo = F3.Min(clo, cen[t]);
            chi = F3.Max(chi, cen[t]);
        }
        ref BvhNode node = ref nodes[index];
        node.MinX = lo.X; node.MinY = lo.Y; node.MinZ = lo.Z;
        node.MaxX = hi.X; node.MaxY = hi.Y; node.MaxZ = hi.Z;
        if (n <= 2)
        {
            node.LeftOrFirst = first;
            node.Count = n;
            return;
        }

        // Binned SAH over the three axes.
        float bestCost = float.MaxValue;
        int bestAxis = -1, bestSplit = -1;
        Span<float> binMinX = stackalloc float[Bins * 6];
        Span<int> binCount = stackalloc int[Bins];
        Span<float> rightArea = stackalloc float[Bins];
        Span<int> rightCount = stackalloc int[Bins];
        for (int axis = 0; axis < 3; axis++)
        {
            float cmin = clo[axis], cmax = chi[axis];
            if (cmax - cmin <= 1e-12f * MathF.Max(1, MathF.Abs(cmax)))
            {
                continue;
            }
            float scale = Bins / (cmax - cmin);
            binCount.Clear();
            for (int b = 0; b < Bins; b++)
            {
                binMinX[6 * b] = binMinX[6 * b + 1] = binMinX[6 * b + 2] = float.MaxValue;
                binMinX[6 * b + 3] = binMinX[6 * b + 4] = binMinX[6 * b + 5] = float.MinValue;
            }
            for (int i = first; i < first + n; i++)
            {
                int t = order[i];
                int b = Math.Min(Bins - 1, (int)((cen[t][axis] - cmin) * scale));
                binCount[b]++;
                int o = 6 * b;
                binMinX[o] = MathF.Min(binMinX[o], bmin[t].X);
                binMinX[o + 1] = MathF.Min(binMinX[o + 1], bmin[t].Y);
                binMinX[o + 2] = MathF.Min(binMinX[o + 2], bmin[t].Z);
                binMinX[o + 3] = MathF.Max(binMinX[o + 3], bmax[t].X);
                binMinX[o + 4] = MathF.Max(binMinX[o + 4], bmax[t].Y);
                binMinX[o + 5] = MathF.Max(binMinX[o + 5], bmax[t].Z);
            }
            // Sweep from the right: area and count of bins [b, Bins).
            F3 rlo = new(float.MaxValue, float.MaxValue, float.MaxValue), rhi = new(float.MinValue, float.MinValue, float.MinValue);
            int rc = 0;
            for (int b = Bins - 1; b > 0; b--)
            {
                Grow(binMinX, b, ref rlo, ref rhi, binCount[b]);
                rc += binCount[b];
                rightCount[b] = rc;
                rightArea[b] = rc > 0 ? Area(rlo, rhi) : 0;
            }
            F3 llo = new(float.MaxValue, float.MaxValue, float.MaxValue), lhi = new(float.MinValue, float.MinValue, float.MinValue);
            int lc = 0;
            for (int b = 1; b < Bins; b++)
            {
                Grow(binMinX, b - 1, ref llo, ref lhi, binCount[b - 1]);
                lc += binCount[b - 1];
                if (lc == 0 || rightCount[b] == 0)
                {
                    continue;
                }
                float cost = lc * Area(llo, lhi) + rightCount[b] * rightArea[b];
                if (cost < bestCost)
                {
                    bestCost = cost;
                    bestAxis = axis;
                    bestSplit = b;
                }
            }
        }
        float parentArea = Area(lo, hi);
        // Leaf cost n (intersection cost 1) against traversal 1 + children weighted by area.
        float splitCost = 0.5f + (parentArea > 0 ? bestCost / parentArea : float.MaxValue);
        if (bestAxis < 0 || (n <= MaxLeaf && splitCost >= n))
        {
            if (bestAxis < 0 && n > MaxLeaf)
            {
                // All centroids coincide: split the list in halves to keep leaves small.
                SplitChildren(nodes, ref count, index, first, n, n / 2, order, bmin, bmax, cen);
                return;
            }
            node.LeftOrFirst = first;
            node.Count = n;
            return;
        }
        float cmin2 = clo[bestAxis];
        float scale2 = Bins / (chi[bestAxis] - cmin2);
        int iLeft = first, iRight = first + n - 1;
        while (iLeft <= iRight)
        {
            int b = Math.Min(Bins - 1, (int)((cen[order[iLeft]][bestAxis] - cmin2) * scale2));
            if (b < bestSplit)
            {
                iLeft++;
            }
            else
            {
                (order[iLeft], order[iRight]) = (order[iRight], order[iLeft]);
                iRight--;
            }
        }
        int leftCount = iLeft - first;
        if (leftCount == 0 || leftCount == n)
        {
            leftCount = n / 2;
        }
        SplitChildren(nodes, ref count, index, first, n, leftCount, order, bmin, bmax, cen);
    }

    private static void SplitChildren(BvhNode[] nodes, ref int count, int index, int first, int n, int leftCount, int[] order, F3[] bmin, F3[] bmax, F3[] cen)
    {
        int left = count;
        count += 2;
        nodes[index].LeftOrFirst = left;
        nodes[index].Count = 0;
        Subdivide(nodes, ref count, left, first, leftCount, order, bmin, bmax, cen);
        Subdivide(nodes, ref count, left + 1, first + leftCount, n - leftCount, order, bmin, bmax, cen);
    }

    private static void Grow(Span<float> bins, int b, ref F3 lo, ref F3 hi, int count)
    {
        if (count == 0)
        {
            return;
        }
        int o = 6 * b;
        lo = F3.Min(lo, new F3(bins[o], bins[o + 1], bins[o + 2]));
        hi = F3.Max(hi, new F3(bins[o + 3], bins[o + 4], bins[o + 5]));
    }

    private static float Area(F3 lo, F3 hi)
    {
        F3 d = hi - lo;
        return d.X * d.Y + d.Y * d.Z + d.Z * d.X;
    }

    /// <summary>
    /// Nearest triangle with tMin &lt; t &lt; tMax along o + t d (in this BVH's frame; d need not be
    /// unit). On a hit, <paramref name="tMax"/> becomes its t and <paramref name="triangle"/> the
    /// mesh's triangle index. With <paramref name="anyHit"/>, stops at the first hit found.
    /// </summary>
    public bool Intersect(F3 o, F3 d, float tMin, ref float tMax, ref int triangle, bool anyHit = false)
        => _wide.Intersect(_tris, o, d, tMin, ref tMax, ref triangle, anyHit);

    /// <summary><see cref="Intersect"/> for a packet of rays from one origin (<see cref="Bvh4.IntersectPacket"/>).</summary>
    internal uint IntersectPacket(F3 o, Vector256<float> dx, Vector256<float> dy, Vector256<float> dz, float tMin, ref Vector256<float> best, ref Vector256<int> triangle, uint active)
        => _wide.IntersectPacket(_tris, o, dx, dy, dz, tMin, ref best, ref triangle, active);

    /// <summary>Entry distance into the node's box, or float.MaxValue when the ray misses it within (tMin, tMax).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Slab(ref BvhNode n, float ix, float iy, float iz, float ox, float oy, float oz, float tMin, float tMax)
    {
        float x0 = n.MinX * ix - ox, x1 = n.MaxX * ix - ox;
        float y0 = n.MinY * iy - oy, y1 = n.MaxY * iy - oy;
        float z0 = n.MinZ * iz - oz, z1 = n.MaxZ * iz - oz;
        float near = Mx(Mx(Mn(x0, x1), Mn(y0, y1)), Mx(Mn(z0, z1), tMin));
        float far = Mn(Mn(Mx(x0, x1), Mx(y0, y1)), Mn(Mx(z0, z1), tMax));
        return near <= far ? near : float.MaxValue;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Mn(float a, float b) => a < b ? a : b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Mx(float a, float b) => a > b ? a : b;

    /// <summary>Zero direction components become tiny ones of the same sign, so inverse directions stay finite (no NaN in the slab test).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float NonZero(float v) => MathF.Abs(v) > 1e-20f ? v : MathF.CopySign(1e-20f, v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool HitTriangle(ref BvhTriangle tr, F3 o, F3 d, float tMin, float tMax, out float t)
    {
        F3 p = F3.Cross(d, tr.E2);
        float det = F3.Dot(tr.E1, p);
        t = 0;
        if (det == 0)
        {
            return false;
        }
        float inv = 1f / det;
        F3 s = o - tr.V0;
        float u = F3.Dot(s, p) * inv;
        if (u < 0 || u > 1)
        {
            return false;
        }
        F3 q = F3.Cross(s, tr.E1);
        float v = F3.Dot(d, q) * inv;
        if (v < 0 || u + v > 1)
        {
            return false;
        }
        t = F3.Dot(tr.E2, q) * inv;
        return t > tMin && t < tMax;
    }
}
