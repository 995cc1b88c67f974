using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SensorModels.Geometry;

/// <summary>
/// A 4-wide view of a binary BVH for traversal: every node holds up to four children whose boxes
/// are stored structure-of-arrays, so one visit tests all four with <see cref="Vector128{T}"/>
/// (as Embree's BVH4 does). Built by collapsing the binary tree: a node's children are expanded,
/// largest surface area first, until four remain. Leaves keep the binary tree's triangle ranges.
/// </summary>
internal sealed class Bvh4
{
    // An empty slot: a point box so far away that no ray of a driving scene reaches it (a NaN
    // box would depend on how min/max treat NaN).
    private const float Far = 1e30f;

    private readonly float[] _bounds;   // per node: minX[4], minY[4], minZ[4], maxX[4], maxY[4], maxZ[4]
    private readonly int[] _child;      // per node 4: >= 0 inner node, < 0 leaf ~first
    private readonly int[] _count;      // per node 4: triangles of a leaf child

    public Bvh4(BvhNode[] binary)
    {
        var bounds = new List<float>();
        var child = new List<int>();
        var count = new List<int>();
        Collapse(binary, 0, bounds, child, count);
        _bounds = bounds.ToArray();
        _child = child.ToArray();
        _count = count.ToArray();
    }

    /// <summary>Per node 24 floats: minX[4], minY[4], minZ[4], maxX[4], maxY[4], maxZ[4] (empty slots a far point).</summary>
    internal float[] Bounds => _bounds;

    /// <summary>Per node 4: an inner node's index (&gt;= 0), or a leaf's ~first triangle (&lt; 0).</summary>
    internal int[] Children => _child;

    /// <summary>Per node 4: a leaf child's triangle count.</summary>
    internal int[] Counts => _count;

    /// <summary>Nodes (node 0 the root).</summary>
    internal int NodeCount => _child.Length / 4;

    /// <summary>
    /// The most pending nodes <see cref="Intersect"/>'s stack can hold for this tree: along any path,
    /// every node visited leaves at most its inner children less one waiting.
    /// </summary>
    internal int StackNeed() => StackNeed(0);

    private int StackNeed(int node)
    {
        int inner = 0, deepest = 0;
        for (int k = 0; k < 4; k++)
        {
            int c = _child[4 * node + k];
            if (c >= 0)
            {
                inner++;
                deepest = Math.Max(deepest, StackNeed(c));
            }
        }
        return Math.Max(0, inner - 1) + deepest;
    }

    private static float Area(in BvhNode n)
    {
        float dx = n.MaxX - n.MinX, dy = n.MaxY - n.MinY, dz = n.MaxZ - n.MinZ;
        return dx * dy + dy * dz + dz * dx;
    }

    private static int Collapse(BvhNode[] binary, int b, List<float> bounds, List<int> child, List<int> count)
    {
        Span<int> slots = stackalloc int[4];
        int n = 0;
        if (binary[b].Count != 0)
        {
            // A leaf at the root (tiny mesh, or -1: an empty one).
            if (binary[b].Count > 0)
            {
                slots[n++] = b;
            }
        }
        else
        {
            slots[n++] = binary[b].LeftOrFirst;
            slots[n++] = binary[b].LeftOrFirst + 1;
            while (n < 4)
            {
                int best = -1;
                float bestArea = -1;
                for (int k = 0; k < n; k++)
                {
                    if (binary[slots[k]].Count == 0 && Area(binary[slots[k]]) > bestArea)
                    {
                        bestArea = Area(binary[slots[k]]);
                        best = k;
                    }
                }
                if (best < 0)
                {
                    break;
                }
                int inner = slots[best];
                slots[best] = binary[inner].LeftOrFirst;
                slots[n++] = binary[inner].LeftOrFirst + 1;
            }
        }
        int me = child.Count / 4;
        for (int k = 0; k < 24; k++)
        {
            bounds.Add(Far);
        }
        for (int k = 0; k < 4; k++)
        {
            child.Add(-1);
            count.Add(0);
        }
        Span<int> slotCopy = stackalloc int[4];
        slots[..n].CopyTo(slotCopy);
        for (int k = 0; k < n; k++)
        {
            ref BvhNode c = ref binary[slotCopy[k]];
            int o = 24 * me;
            bounds[o + k] = c.MinX; bounds[o + 4 + k] = c.MinY; bounds[o + 8 + k] = c.MinZ;
            bounds[o + 12 + k] = c.MaxX; bounds[o + 16 + k] = c.MaxY; bounds[o + 20 + k] = c.MaxZ;
            if (c.Count > 0)
            {
                child[4 * me + k] = ~c.LeftOrFirst;
                count[4 * me + k] = c.Count;
            }
            else
            {
                child[4 * me + k] = Collapse(binary, slotCopy[k], bounds, child, count);
            }
        }
        return me;
    }

    /// <summary>
    /// <see cref="Intersect"/> for up to eight rays from one origin <paramref name="o"/> (a lidar
    /// column's channels), lane by lane in <see cref="Vector256{T}"/>: a node is fetched once for the
    /// packet and each lane only descends where its own slab test passes, with the arithmetic of the
    /// single-ray path in the same order. Boxes are visited in another order, and a box is skipped once
    /// its entry distance reaches a lane's nearest hit, so where a box's rounded entry lies past a
    /// triangle within a few ulp, or two triangles tie, a lane may find the other of the two.
    /// <paramref name="best"/> holds each lane's tMax and becomes its hit's t, <paramref name="triangle"/>
    /// the mesh index of lanes that hit; returns the bits of the lanes that hit.
    /// </summary>
    [SkipLocalsInit]
    public uint IntersectPacket(BvhTriangle[] tris, F3 o, Vector256<float> dx, Vector256<float> dy, Vector256<float> dz, float tMin, ref Vector256<float> best, ref Vector256<int> triangle, uint active)
    {
        Vector256<float> ix = Vector256<float>.One / RayPacket.NonZero(dx), iy = Vector256<float>.One / RayPacket.NonZero(dy), iz = Vector256<float>.One / RayPacket.NonZero(dz);
        Vector256<float> ox = Vector256.Create(o.X) * ix, oy = Vector256.Create(o.Y) * iy, oz = Vector256.Create(o.Z) * iz;
        Vector256<float> vtMin = Vector256.Create(tMin);
        ref float bounds = ref MemoryMarshal.GetArrayDataReference(_bounds);
        ref int child = ref MemoryMarshal.GetArrayDataReference(_child);
        ref int count = ref MemoryMarshal.GetArrayDataReference(_count);
        ref BvhTriangle triRef = ref MemoryMarshal.GetArrayDataReference(tris);
        Span<int> stackNode = stackalloc int[96];
        Span<uint> stackMask = stackalloc uint[96];
        Span<Vector256<float>> stackNear = stackalloc Vector256<float>[96];
        int sp = 0;
        uint hit = 0;
        int current = 0;
        uint mask = active;
        while (true)
        {
            ref float b = ref Unsafe.Add(ref bounds, 24 * current);
            int baseSlot = 4 * current;
            int nextNode = -1;
            uint nextMask = 0;
            float nextKey = float.MaxValue;
            Vector256<float> nextNear = default;
            for (int k = 0; k < 4; k++)
            {
                int c = Unsafe.Add(ref child, baseSlot + k);
                int n = Unsafe.Add(ref count, baseSlot + k);
                if (c < 0 && n == 0)
                {
                    continue; // an empty slot
                }
                uint m = RayPacket.Enter(Unsafe.Add(ref b, k), Unsafe.Add(ref b, 4 + k), Unsafe.Add(ref b, 8 + k), Unsafe.Add(ref b, 12 + k), Unsafe.Add(ref b, 16 + k), Unsafe.Add(ref b, 20 + k),
                    ix, iy, iz, ox, oy, oz, vtMin, best, mask, out Vector256<float> near);
                if (m == 0)
                {
                    continue;
                }
                if (c < 0)
                {
                    // Leaves right away, as in the single-ray path.
                    hit |= RayPacket.HitLeaf(ref triRef, ~c, n, o, dx, dy, dz, vtMin, ref best, ref triangle, m);
                    continue;
                }
                float key = RayPacket.MinLane(near, m);
                if (key < nextKey)
                {
                    if (nextNode >= 0)
                    {
                        stackNode[sp] = nextNode;
                        stackMask[sp] = nextMask;
                        stackNear[sp++] = nextNear;
                    }
                    (nextNode, nextMask, nextKey, nextNear) = (c, m, key, near);
                }
                else
                {
                    stackNode[sp] = c;
                    stackMask[sp] = m;
                    stackNear[sp++] = near;
                }
            }
            if (nextNode >= 0)
            {
                nextMask &= Vector256.LessThan(nextNear, best).ExtractMostSignificantBits();
                if (nextMask != 0)
                {
                    current = nextNode;
                    mask = nextMask;
                    continue;
                }
            }
            // Pop the most recent pending node that can still hold something nearer for some lane.
            while (true)
            {
                if (sp == 0)
                {
                    return hit;
                }
                sp--;
                uint m = stackMask[sp] & Vector256.LessThan(stackNear[sp], best).ExtractMostSignificantBits();
                if (m != 0)
                {
                    current = stackNode[sp];
                    mask = m;
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Nearest triangle along o + t d with tMin &lt; t &lt; tMax, front to back. Same contract as
    /// <see cref="Bvh.Intersect"/>: on a hit <paramref name="tMax"/> is its t and
    /// <paramref name="triangle"/> the mesh index; <paramref name="anyHit"/> stops at the first.
    /// </summary>
    [SkipLocalsInit]
    public bool Intersect(BvhTriangle[] tris, F3 o, F3 d, float tMin, ref float tMax, ref int triangle, bool anyHit)
    {
        float ix = 1f / Bvh.NonZero(d.X), iy = 1f / Bvh.NonZero(d.Y), iz = 1f / Bvh.NonZero(d.Z);
        Vector128<float> vix = Vector128.Create(ix), viy = Vector128.Create(iy), viz = Vector128.Create(iz);
        Vector128<float> vox = Vector128.Create(o.X * ix), voy = Vector128.Create(o.Y * iy), voz = Vector128.Create(o.Z * iz);
        Vector128<float> vtMin = Vector128.Create(tMin);
        ref float bounds = ref MemoryMarshal.GetArrayDataReference(_bounds);
        ref int child = ref MemoryMarshal.GetArrayDataReference(_child);
        ref int count = ref MemoryMarshal.GetArrayDataReference(_count);
        ref BvhTriangle triRef = ref MemoryMarshal.GetArrayDataReference(tris);
        Span<int> stackNode = stackalloc int[96];
        Span<float> stackT = stackalloc float[96];
        Span<float> nearLanes = stackalloc float[4];
        int sp = 0;
        float best = tMax;
        bool hit = false;
        int current = 0;
        while (true)
        {
            ref float b = ref Unsafe.Add(ref bounds, 24 * current);
            Vector128<float> tx0 = Vector128.LoadUnsafe(ref b) * vix - vox;
            Vector128<float> tx1 = Vector128.LoadUnsafe(ref Unsafe.Add(ref b, 12)) * vix - vox;
            Vector128<float> ty0 = Vector128.LoadUnsafe(ref Unsafe.Add(ref b, 4)) * viy - voy;
            Vector128<float> ty1 = Vector128.LoadUnsafe(ref Unsafe.Add(ref b, 16)) * viy - voy;
            Vector128<float> tz0 = Vector128.LoadUnsafe(ref Unsafe.Add(ref b, 8)) * viz - voz;
            Vector128<float> tz1 = Vector128.LoadUnsafe(ref Unsafe.Add(ref b, 20)) * viz - voz;
            Vector128<float> near = Vector128.Max(Vector128.Max(Vector128.Min(tx0, tx1), Vector128.Min(ty0, ty1)), Vector128.Max(Vector128.Min(tz0, tz1), vtMin));
            Vector128<float> far = Vector128.Min(Vector128.Min(Vector128.Max(tx0, tx1), Vector128.Max(ty0, ty1)), Vector128.Min(Vector128.Max(tz0, tz1), Vector128.Create(best)));
            uint mask = Vector128.LessThanOrEqual(near, far).ExtractMostSignificantBits();
            near.CopyTo(nearLanes);
            int nextNode = -1;
            float nextT = float.MaxValue;
            int baseSlot = 4 * current;
            while (mask != 0)
            {
                int k = System.Numerics.BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                int c = Unsafe.Add(ref child, baseSlot + k);
                if (c < 0)
                {
                    // Leaves right away: a hit shortens the ray for every box tested after it.
                    int first = ~c, end = first + Unsafe.Add(ref count, baseSlot + k);
                    for (int i = first; i < end; i++)
                    {
                        ref BvhTriangle tr = ref Unsafe.Add(ref triRef, i);
                        if (Bvh.HitTriangle(ref tr, o, d, tMin, best, out float t))
                        {
                            best = t;
                            triangle = tr.Index;
                            hit = true;
                            if (anyHit)
                            {
                                tMax = best;
                                return true;
                            }
                        }
                    }
                    continue;
                }
                // The nearest inner child goes next; the others wait on the stack (sorting them
                // fully measured no faster).
                float tn = nearLanes[k];
                if (tn < nextT)
                {
                    if (nextNode >= 0)
                    {
                        stackNode[sp] = nextNode;
                        stackT[sp++] = nextT;
                    }
                    nextNode = c;
                    nextT = tn;
                }
                else
                {
                    stackNode[sp] = c;
                    stackT[sp++] = tn;
                }
            }
            if (nextNode >= 0 && nextT < best)
            {
                current = nextNode;
                continue;
            }
            // Pop the most recent pending node that can still hold something nearer.
            while (true)
            {
                if (sp == 0)
                {
                    tMax = best;
                    return hit;
                }
                sp--;
                if (stackT[sp] < best)
                {
                    current = stackNode[sp];
                    break;
                }
            }
        }
    }
}
