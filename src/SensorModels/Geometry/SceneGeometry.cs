using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SensorModels.Mathematics;
using SensorModels.Runtime;
using SimCore.Roads;
using SimCore.Simulation;
using SimCore.Timing;

namespace SensorModels.Geometry;

/// <summary>
/// What ray-based sensors see: static geometry (roads, markings, curbs, barriers) in one BVH built
/// once, and one instance per entity (a shared, object-space template BVH per kind, scaled to the
/// entity's box) under a small top-level BVH over the instances' world boxes, rebuilt whenever the
/// instances are re-posed (cost linear-logarithmic in the entity count; no triangle is touched).
/// Traversal is in float relative to <see cref="Origin"/>. <see cref="Intersect"/> and
/// <see cref="Occluded"/> only read, so any number of threads may cast rays at once between
/// updates. Nothing is allocated per ray or per update.
/// </summary>
public sealed class SceneGeometry
{
    private readonly Bvh _static;
    private readonly InstancePose[] _instances;
    private readonly BvhNode[] _top;
    private readonly int[] _topOrder;
    private readonly F3[] _centres;
    private int _topNodes;

    private SceneGeometry(Bvh staticBvh, Vec3 origin, ReadOnlySpan<EntitySnapshot> entities, F3[]? lamps = null)
    {
        _static = staticBvh;
        StreetLamps = lamps ?? [];
        Origin = origin;
        _instances = new InstancePose[entities.Length];
        _top = new BvhNode[Math.Max(1, 2 * entities.Length)];
        _topOrder = new int[entities.Length];
        _centres = new F3[entities.Length];
        int templates = 0;
        for (int i = 0; i < entities.Length; i++)
        {
            Bvh template = MeshTemplates.For(entities[i].Kind);
            _instances[i] = new InstancePose { EntityId = entities[i].Id, Template = template, TemplateIndex = MeshTemplates.IndexOf(entities[i].Kind), Semantic = MeshTemplates.Semantic(entities[i].Kind) };
            templates += template.Mesh.TriangleCount;
            SetPose(i, entities[i]);
        }
        InstanceTriangleCount = templates;
        RebuildTop();
    }

    /// <summary>Builds the static geometry of <paramref name="network"/> and one instance per entity, posed at the given states.</summary>
    public static SceneGeometry Build(RoadNetwork network, ReadOnlySpan<EntitySnapshot> entities)
    {
        Vec3 origin = Centre(network, entities);
        var m = new MeshBuilder();
        RoadMesher.Build(network, origin, m);
        return new SceneGeometry(new Bvh(m.Build()), origin, entities, RoadMesher.Lamps(network, origin));
    }

    /// <summary>A scene from a prepared static mesh (coordinates relative to <paramref name="origin"/>) and entities.</summary>
    internal static SceneGeometry FromMesh(TriangleMesh staticMesh, Vec3 origin, ReadOnlySpan<EntitySnapshot> entities, F3[]? streetLamps = null)
        => new(new Bvh(staticMesh), origin, entities, streetLamps);

    /// <summary>
    /// A static scene from a triangle soup (9 floats per triangle, world frame), with no entities:
    /// the Embree comparison's scene files.
    /// </summary>
    public static SceneGeometry FromTriangles(ReadOnlySpan<float> soup) => FromTriangles(soup, SemanticClass.Unknown);

    /// <summary>A static scene from a triangle soup, every triangle of class <paramref name="semantic"/>.</summary>
    internal static SceneGeometry FromTriangles(ReadOnlySpan<float> soup, SemanticClass semantic)
    {
        var m = new MeshBuilder();
        for (int i = 0; i + 8 < soup.Length; i += 9)
        {
            m.Triangle(new F3(soup[i], soup[i + 1], soup[i + 2]), new F3(soup[i + 3], soup[i + 4], soup[i + 5]), new F3(soup[i + 6], soup[i + 7], soup[i + 8]), semantic, new Material(0.5f, RadarClass.Medium));
        }
        return new SceneGeometry(new Bvh(m.Build()), default, default);
    }

    /// <summary>Street lamp light centres relative to <see cref="Origin"/> (the renderer's night lights).</summary>
    internal F3[] StreetLamps { get; }

    /// <summary>World point that float coordinates are relative to.</summary>
    internal Vec3 Origin { get; }

    /// <summary>Triangles of the static geometry.</summary>
    public int StaticTriangleCount => _static.Mesh.TriangleCount;

    /// <summary>The static geometry (roads, markings, barriers, terrain) in the scene frame: what a renderer uploads once.</summary>
    internal TriangleMesh StaticMesh => _static.Mesh;

    /// <summary>The static geometry's hierarchy (what a device uploads once).</summary>
    internal Bvh StaticBvh => _static;

    /// <summary>Triangles of all entity instances (each instance counts its template's triangles).</summary>
    public int InstanceTriangleCount { get; }

    /// <summary>All triangles a ray may meet.</summary>
    public int TriangleCount => StaticTriangleCount + InstanceTriangleCount;

    /// <summary>Number of entity instances.</summary>
    public int InstanceCount => _instances.Length;

    /// <summary>Re-poses every instance at the world's current time.</summary>
    public void Update(SensorWorld world) => Update(world, world.Time);

    /// <summary>
    /// Re-poses every instance at <paramref name="time"/> (<see cref="EntityAt"/>: interpolated within
    /// the step, extrapolated before it) and rebuilds the top level.
    /// </summary>
    internal void Update(SensorWorld world, SimTime time)
    {
        int n = Math.Min(_instances.Length, world.Current.Length);
        for (int i = 0; i < n; i++)
        {
            SetPose(i, EntityAt(world, i, time.Nanoseconds));
        }
        RebuildTop();
    }

    /// <summary>Re-poses every instance at the given states (same order as at build) and rebuilds the top level.</summary>
    internal void Update(ReadOnlySpan<EntitySnapshot> states)
    {
        int n = Math.Min(_instances.Length, states.Length);
        for (int i = 0; i < n; i++)
        {
            SetPose(i, states[i]);
        }
        RebuildTop();
    }

    /// <summary>
    /// Entity <paramref name="index"/>'s state at <paramref name="nanoseconds"/>: linear in time
    /// through the start and end states of the step the time falls in (position, heading the short
    /// way round, pitch), from the states the world keeps (<see cref="SensorWorld.Bracket"/>), so
    /// within the last step it is <see cref="SensorWorld.At"/>; before the kept states (or all
    /// before the last step when the world keeps none) it extrapolates the earliest step's motion.
    /// </summary>
    internal static EntitySnapshot EntityAt(SensorWorld world, int index, long nanoseconds)
    {
        world.Bracket(nanoseconds, out EntitySnapshot[] states0, out long t0, out EntitySnapshot[] states1, out long t1);
        EntitySnapshot a = states0[index], b = states1[index];
        long span = t1 - t0;
        if (span <= 0)
        {
            return b;
        }
        double f = Math.Min(1.0, (nanoseconds - t0) / (double)span);
        double dh = SimCore.Mathematics.Angles.WrapPi(b.Heading - a.Heading);
        return b with
        {
            X = a.X + (b.X - a.X) * f,
            Y = a.Y + (b.Y - a.Y) * f,
            Z = a.Z + (b.Z - a.Z) * f,
            Heading = a.Heading + dh * f,
            Pitch = a.Pitch + (b.Pitch - a.Pitch) * f,
            Speed = a.Speed + (b.Speed - a.Speed) * f,
        };
    }

    private static Vec3 Centre(RoadNetwork network, ReadOnlySpan<EntitySnapshot> entities)
    {
        double x0 = double.MaxValue, y0 = double.MaxValue, x1 = double.MinValue, y1 = double.MinValue;
        foreach (Road r in network.Roads)
        {
            for (int k = 0; k <= 4; k++)
            {
                ReferencePoint p = r.ReferenceLine.Evaluate(r.Length * k / 4);
                (x0, y0, x1, y1) = (Math.Min(x0, p.X), Math.Min(y0, p.Y), Math.Max(x1, p.X), Math.Max(y1, p.Y));
            }
        }
        foreach (EntitySnapshot e in entities)
        {
            (x0, y0, x1, y1) = (Math.Min(x0, e.X), Math.Min(y0, e.Y), Math.Max(x1, e.X), Math.Max(y1, e.Y));
        }
        return x0 <= x1 ? new Vec3(Math.Round((x0 + x1) / 2), Math.Round((y0 + y1) / 2), 0) : default;
    }

    private void SetPose(int i, in EntitySnapshot e)
    {
        ref InstancePose inst = ref _instances[i];
        double l = e.Length > 0 ? e.Length : 0, w = e.Width > 0 ? e.Width : 0, h = e.Height > 0 ? e.Height : 0;
        inst.Active = e.SensorVisible && l > 0 && w > 0 && h > 0 && double.IsFinite(e.X) && double.IsFinite(e.Y);
        if (!inst.Active)
        {
            return;
        }
        Pose3 pose = SensorWorld.VehiclePose(e);
        Vec3 c0 = pose.Rotate(new Vec3(1, 0, 0)), c1 = pose.Rotate(new Vec3(0, 1, 0)), c2 = pose.Rotate(new Vec3(0, 0, 1));
        Vec3 t = pose.Position + c0 * e.CenterOffsetX - Origin;
        inst.T = new F3((float)t.X, (float)t.Y, (float)t.Z);
        inst.Inv0 = new F3((float)(c0.X / l), (float)(c0.Y / l), (float)(c0.Z / l));
        inst.Inv1 = new F3((float)(c1.X / w), (float)(c1.Y / w), (float)(c1.Z / w));
        inst.Inv2 = new F3((float)(c2.X / h), (float)(c2.Y / h), (float)(c2.Z / h));
        // n_world = R S^-1 n_obj: rows of R S^-1.
        inst.N0 = new F3((float)(c0.X / l), (float)(c1.X / w), (float)(c2.X / h));
        inst.N1 = new F3((float)(c0.Y / l), (float)(c1.Y / w), (float)(c2.Y / h));
        inst.N2 = new F3((float)(c0.Z / l), (float)(c1.Z / w), (float)(c2.Z / h));
        // World box: the template's box corners.
        (F3 bmin, F3 bmax) = inst.Template.Bounds;
        F3 lo = new(float.MaxValue, float.MaxValue, float.MaxValue), hi = new(float.MinValue, float.MinValue, float.MinValue);
        for (int k = 0; k < 8; k++)
        {
            double u = ((k & 1) != 0 ? bmax.X : bmin.X) * l, v = ((k & 2) != 0 ? bmax.Y : bmin.Y) * w, z = ((k & 4) != 0 ? bmax.Z : bmin.Z) * h;
            Vec3 p = t + c0 * u + c1 * v + c2 * z;
            var f = new F3((float)p.X, (float)p.Y, (float)p.Z);
            lo = F3.Min(lo, f);
            hi = F3.Max(hi, f);
        }
        const float pad = 1e-3f;
        inst.Min = lo - new F3(pad, pad, pad);
        inst.Max = hi + new F3(pad, pad, pad);
    }

    private void RebuildTop()
    {
        int n = 0;
        for (int i = 0; i < _instances.Length; i++)
        {
            if (_instances[i].Active)
            {
                _topOrder[n++] = i;
                _centres[i] = (_instances[i].Min + _instances[i].Max) * 0.5f;
            }
        }
        _topNodes = 1;
        if (n == 0)
        {
            _top[0] = new BvhNode { MinX = 1, MinY = 1, MinZ = 1, MaxX = -1, MaxY = -1, MaxZ = -1, Count = -1 };
            return;
        }
        BuildTop(0, 0, n);
    }

    private void BuildTop(int index, int first, int n)
    {
        F3 lo = new(float.MaxValue, float.MaxValue, float.MaxValue), hi = new(float.MinValue, float.MinValue, float.MinValue);
        F3 clo = lo, chi = hi;
        for (int i = first; i < first + n; i++)
        {
            ref InstancePose inst = ref _instances[_topOrder[i]];
            lo = F3.Min(lo, inst.Min);
            hi = F3.Max(hi, inst.Max);
            clo = F3.Min(clo, _centres[_topOrder[i]]);
            chi = F3.Max(chi, _centres[_topOrder[i]]);
        }
        ref BvhNode node = ref _top[index];
        node.MinX = lo.X; node.MinY = lo.Y; node.MinZ = lo.Z;
        node.MaxX = hi.X; node.MaxY = hi.Y; node.MaxZ = hi.Z;
        if (n <= 2)
        {
            node.LeftOrFirst = first;
            node.Count = n;
            return;
        }
        F3 ext = chi - clo;
        int axis = ext.X >= ext.Y && ext.X >= ext.Z ? 0 : ext.Y >= ext.Z ? 1 : 2;
        float mid = (clo[axis] + chi[axis]) * 0.5f;
        int a = first, b = first + n - 1;
        while (a <= b)
        {
            if (_centres[_topOrder[a]][axis] < mid)
            {
                a++;
            }
            else
            {
                (_topOrder[a], _topOrder[b]) = (_topOrder[b], _topOrder[a]);
                b--;
            }
        }
        int left = a - first;
        if (left == 0 || left == n)
        {
            left = n / 2;
        }
        int child = _topNodes;
        _topNodes += 2;
        node.LeftOrFirst = child;
        node.Count = 0;
        BuildTop(child, first, left);
        BuildTop(child + 1, first + left, n - left);
    }

    /// <summary>
    /// The distance to the nearest surface along the unit <paramref name="direction"/> from
    /// <paramref name="origin"/> within (<paramref name="minRange"/>, <paramref name="maxRange"/>),
    /// and the entity hit (-1 for static geometry); false when nothing is hit. Thread-safe between updates.
    /// </summary>
    public bool Raycast(Vec3 origin, Vec3 direction, double maxRange, double minRange, out double distance, out int entity)
    {
        bool found = Intersect(new Ray(origin, direction, maxRange, minRange), out Hit hit);
        (distance, entity) = found ? (hit.Distance, hit.EntityId) : (double.PositiveInfinity, -1);
        return found;
    }

    /// <summary>The nearest surface along <paramref name="ray"/> within (TMin, TMax), skipping the ray's ignored entity.</summary>
    internal bool Intersect(in Ray ray, out Hit hit)
    {
        RayHit found = Cast(Query(ray, 0));
        if (!found.IsHit)
        {
            hit = default;
            hit.EntityId = -1;
            return false;
        }
        hit = MakeHit(ray.Origin, ray.Direction, found.T, _instances, found.Instance, found.Triangle);
        return true;
    }

    /// <summary>
    /// <see cref="Intersect"/>'s traversal for up to <see cref="RayPacket.Width"/> rays from one
    /// <paramref name="origin"/> along unit <paramref name="directions"/> (a lidar column's channels),
    /// all with the same range and ignored entity: <paramref name="found"/>[k] is what <see cref="Cast"/>
    /// finds for ray k (<see cref="MakeHit(Vec3, Vec3, in RayHit)"/> makes its hit).
    /// </summary>
    [SkipLocalsInit]
    internal void IntersectPacket(Vec3 origin, ReadOnlySpan<Vec3> directions, double tMax, double tMin, int ignoreEntity, Span<RayHit> found)
    {
        int n = directions.Length;
        if (n == 0)
        {
            return;
        }
        if (n > RayPacket.Width)
        {
            throw new ArgumentException($"at most {RayPacket.Width} rays per packet", nameof(directions));
        }
        Span<float> x = stackalloc float[RayPacket.Width], y = stackalloc float[RayPacket.Width], z = stackalloc float[RayPacket.Width];
        for (int k = 0; k < RayPacket.Width; k++)
        {
            Vec3 d = directions[k < n ? k : 0]; // idle lanes repeat lane 0: finite, and masked off
            (x[k], y[k], z[k]) = ((float)d.X, (float)d.Y, (float)d.Z);
        }
        Vector256<float> dx = Vector256.Create<float>(x), dy = Vector256.Create<float>(y), dz = Vector256.Create<float>(z);
        Vec3 ro = origin - Origin;
        var o = new F3((float)ro.X, (float)ro.Y, (float)ro.Z);
        float fMin = (float)tMin, fMax = (float)Math.Min(tMax, float.MaxValue);
        Vector256<float> best = Vector256.Create(fMax);
        Vector256<int> tri = Vector256.Create(-1), instance = Vector256.Create(-1);
        uint active = (1u << n) - 1;
        uint hit = _static.IntersectPacket(o, dx, dy, dz, fMin, ref best, ref tri, active);
        if (_instances.Length != 0 && _top[0].Count >= 0)
        {
            hit |= TraceInstancesPacket(o, dx, dy, dz, fMin, ref best, ref tri, ref instance, ignoreEntity, active);
        }
        for (int k = 0; k < n; k++)
        {
            found[k] = (hit & (1u << k)) != 0
                ? new RayHit { T = best.GetElement(k), Instance = instance.GetElement(k), Triangle = tri.GetElement(k) }
                : new RayHit { T = fMax, Instance = -1, Triangle = -1 };
        }
    }

    [SkipLocalsInit]
    private uint TraceInstancesPacket(F3 o, Vector256<float> dx, Vector256<float> dy, Vector256<float> dz, float tMin, ref Vector256<float> best, ref Vector256<int> tri, ref Vector256<int> instance, int ignore, uint active)
    {
        Vector256<float> ix = Vector256<float>.One / RayPacket.NonZero(dx), iy = Vector256<float>.One / RayPacket.NonZero(dy), iz = Vector256<float>.One / RayPacket.NonZero(dz);
        Vector256<float> ox = Vector256.Create(o.X) * ix, oy = Vector256.Create(o.Y) * iy, oz = Vector256.Create(o.Z) * iz;
        Vector256<float> vtMin = Vector256.Create(tMin);
        Span<int> stack = stackalloc int[64];
        Span<uint> stackMask = stackalloc uint[64];
        int sp = 0;
        stack[sp] = 0;
        stackMask[sp++] = active;
        uint hit = 0;
        ref BvhNode nodes = ref MemoryMarshal.GetArrayDataReference(_top);
        while (sp > 0)
        {
            sp--;
            ref BvhNode node = ref Unsafe.Add(ref nodes, stack[sp]);
            uint m = RayPacket.Enter(node.MinX, node.MinY, node.MinZ, node.MaxX, node.MaxY, node.MaxZ, ix, iy, iz, ox, oy, oz, vtMin, best, stackMask[sp], out _);
            if (m == 0)
            {
                continue;
            }
            if (node.Count == 0)
            {
                (stack[sp], stackMask[sp]) = (node.LeftOrFirst, m);
                (stack[sp + 1], stackMask[sp + 1]) = (node.LeftOrFirst + 1, m);
                sp += 2;
                continue;
            }
            for (int k = node.LeftOrFirst; k < node.LeftOrFirst + node.Count; k++)
            {
                int i = _topOrder[k];
                ref InstancePose inst = ref _instances[i];
                if (inst.EntityId == ignore)
                {
                    continue;
                }
                // The shared origin into object space once; directions lane by lane (F3.Dot's order).
                F3 rel = o - inst.T;
                var oo = new F3(F3.Dot(inst.Inv0, rel), F3.Dot(inst.Inv1, rel), F3.Dot(inst.Inv2, rel));
                Vector256<float> ddx = Vector256.Create(inst.Inv0.X) * dx + Vector256.Create(inst.Inv0.Y) * dy + Vector256.Create(inst.Inv0.Z) * dz;
                Vector256<float> ddy = Vector256.Create(inst.Inv1.X) * dx + Vector256.Create(inst.Inv1.Y) * dy + Vector256.Create(inst.Inv1.Z) * dz;
                Vector256<float> ddz = Vector256.Create(inst.Inv2.X) * dx + Vector256.Create(inst.Inv2.Y) * dy + Vector256.Create(inst.Inv2.Z) * dz;
                uint h = inst.Template.IntersectPacket(oo, ddx, ddy, ddz, tMin, ref best, ref tri, m);
                if (h != 0)
                {
                    instance = Vector256.ConditionalSelect(RayPacket.Lanes(h).AsInt32(), Vector256.Create(i), instance);
                    hit |= h;
                }
            }
        }
        return hit;
    }

    /// <summary>The full hit of a traversal result (<see cref="RayHit"/>) for the ray from <paramref name="origin"/> along unit <paramref name="dir"/>, with the instances as posed now.</summary>
    internal Hit MakeHit(Vec3 origin, Vec3 dir, in RayHit found)
        => MakeHit(origin, dir, found.T, _instances, found.Instance, found.Triangle);

    /// <summary>Traverses <paramref name="q"/> against the instances as posed now (its pose index is not used): what a device's cast of it should find.</summary>
    internal RayHit Cast(in RayQuery q)
    {
        float tMax = q.TMax;
        return Trace(q.Origin, q.Direction, q.TMin, ref tMax, q.IgnoreA, q.IgnoreB, q.AnyHit, out int instance, out int tri)
            ? new RayHit { T = tMax, Instance = instance, Triangle = tri }
            : new RayHit { T = q.TMax, Instance = -1, Triangle = -1 };
    }

    /// <summary><paramref name="ray"/> as traversal sees it (what <see cref="Intersect"/> casts), against pose set <paramref name="pose"/>.</summary>
    internal RayQuery Query(in Ray ray, int pose)
    {
        Vec3 ro = ray.Origin - Origin;
        return new RayQuery
        {
            Origin = new F3((float)ro.X, (float)ro.Y, (float)ro.Z),
            Direction = new F3((float)ray.Direction.X, (float)ray.Direction.Y, (float)ray.Direction.Z),
            TMin = (float)ray.TMin,
            TMax = (float)Math.Min(ray.TMax, float.MaxValue),
            IgnoreA = ray.IgnoreEntity,
            IgnoreB = ray.IgnoreEntity,
            Pose = pose,
        };
    }

    /// <summary>
    /// The segment test of <see cref="Occluded"/> as a query against pose set <paramref name="pose"/>;
    /// false when the segment is too short to hold anything (then nothing needs casting).
    /// </summary>
    internal bool OcclusionQuery(Vec3 from, Vec3 to, int ignoreEntityA, int ignoreEntityB, int pose, out RayQuery query)
    {
        query = default;
        Vec3 delta = to - from;
        double len = delta.Length;
        if (len <= 2e-3)
        {
            return false;
        }
        Vec3 ro = from - Origin;
        query = new RayQuery
        {
            Origin = new F3((float)ro.X, (float)ro.Y, (float)ro.Z),
            Direction = new F3((float)(delta.X / len), (float)(delta.Y / len), (float)(delta.Z / len)),
            TMin = 1e-3f,
            TMax = (float)(len - 1e-3),
            IgnoreA = ignoreEntityA,
            IgnoreB = ignoreEntityB,
            Pose = pose,
            Flags = RayQuery.AnyHitFlag,
        };
        return true;
    }

    /// <summary>
    /// True when something lies on the segment from <paramref name="from"/> to <paramref name="to"/>
    /// (ends excluded by 1 mm), other than entities <paramref name="ignoreEntityA"/> and
    /// <paramref name="ignoreEntityB"/> (-1 for none): e.g. the sensor's carrier and the target.
    /// </summary>
    internal bool Occluded(Vec3 from, Vec3 to, int ignoreEntityA, int ignoreEntityB)
    {
        return OcclusionQuery(from, to, ignoreEntityA, ignoreEntityB, 0, out RayQuery q) && Cast(q).IsHit;
    }

    /// <summary>Copies the instances and top level as posed now into <paramref name="into"/> (growing its arrays when needed).</summary>
    internal void CopyPose(ScenePose into)
    {
        int n = _instances.Length;
        if (into.Instances.Length < n)
        {
            into.Instances = new InstancePose[n];
            into.TopOrder = new int[n];
        }
        if (into.Top.Length < _top.Length)
        {
            into.Top = new BvhNode[_top.Length];
        }
        _instances.AsSpan().CopyTo(into.Instances);
        _topOrder.AsSpan().CopyTo(into.TopOrder);
        _top.AsSpan(0, _topNodes).CopyTo(into.Top);
        into.InstanceCount = n;
        into.TopNodeCount = _topNodes;
    }

    /// <summary>The full hit of a traversal result (<see cref="RayHit"/>) for the ray from <paramref name="origin"/> along unit <paramref name="dir"/>, with the instances as posed in <paramref name="pose"/>.</summary>
    internal Hit MakeHit(Vec3 origin, Vec3 dir, in RayHit found, ScenePose pose)
        => MakeHit(origin, dir, found.T, pose.Instances, found.Instance, found.Triangle);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Trace(F3 o, F3 d, float tMin, ref float tMax, int ignoreA, int ignoreB, bool anyHit, out int instance, out int tri)
    {
        instance = -1;
        tri = -1;
        bool hit = _static.Intersect(o, d, tMin, ref tMax, ref tri, anyHit);
        if (hit && anyHit)
        {
            return true;
        }
        if (_instances.Length == 0 || _top[0].Count < 0)
        {
            return hit;
        }
        return TraceInstances(o, d, tMin, ref tMax, ignoreA, ignoreB, anyHit, ref instance, ref tri) || hit;
    }

    [SkipLocalsInit]
    private bool TraceInstances(F3 o, F3 d, float tMin, ref float tMax, int ignoreA, int ignoreB, bool anyHit, ref int instance, ref int tri)
    {
        float ix = 1f / Bvh.NonZero(d.X), iy = 1f / Bvh.NonZero(d.Y), iz = 1f / Bvh.NonZero(d.Z);
        float ox = o.X * ix, oy = o.Y * iy, oz = o.Z * iz;
        Span<int> stack = stackalloc int[64];
        int sp = 0;
        stack[sp++] = 0;
        bool hit = false;
        ref BvhNode nodes = ref MemoryMarshal.GetArrayDataReference(_top);
        while (sp > 0)
        {
            ref BvhNode node = ref Unsafe.Add(ref nodes, stack[--sp]);
            if (Bvh.Slab(ref node, ix, iy, iz, ox, oy, oz, tMin, tMax) == float.MaxValue)
            {
                continue;
            }
            if (node.Count == 0)
            {
                stack[sp++] = node.LeftOrFirst;
                stack[sp++] = node.LeftOrFirst + 1;
                continue;
            }
            for (int k = node.LeftOrFirst; k < node.LeftOrFirst + node.Count; k++)
            {
                int i = _topOrder[k];
                ref InstancePose inst = ref _instances[i];
                if (inst.EntityId == ignoreA || inst.EntityId == ignoreB)
                {
                    continue;
                }
                F3 rel = o - inst.T;
                var oo = new F3(F3.Dot(inst.Inv0, rel), F3.Dot(inst.Inv1, rel), F3.Dot(inst.Inv2, rel));
                var dd = new F3(F3.Dot(inst.Inv0, d), F3.Dot(inst.Inv1, d), F3.Dot(inst.Inv2, d));
                int t = -1;
                if (inst.Template.Intersect(oo, dd, tMin, ref tMax, ref t, anyHit))
                {
                    hit = true;
                    instance = i;
                    tri = t;
                    if (anyHit)
                    {
                        return true;
                    }
                }
            }
        }
        return hit;
    }

    private Hit MakeHit(Vec3 origin, Vec3 dir, float t, ReadOnlySpan<InstancePose> instances, int instance, int tri)
    {
        TriangleMesh mesh = instance < 0 ? _static.Mesh : instances[instance].Template.Mesh;
        F3 a = mesh.Vertices[3 * tri], b = mesh.Vertices[3 * tri + 1], c = mesh.Vertices[3 * tri + 2];
        F3 nf = F3.Cross(b - a, c - a);
        Vec3 n;
        if (instance >= 0)
        {
            ref readonly InstancePose inst = ref instances[instance];
            n = new Vec3(F3.Dot(inst.N0, nf), F3.Dot(inst.N1, nf), F3.Dot(inst.N2, nf));
        }
        else
        {
            n = new Vec3(nf.X, nf.Y, nf.Z);
        }
        n = n.Normalized();
        if (Vec3.Dot(n, dir) > 0)
        {
            n = -n;
        }
        Material m = mesh.Materials[tri];
        return new Hit
        {
            Distance = t,
            Point = origin + dir * t,
            Normal = n,
            EntityId = instance < 0 ? mesh.Entities[tri] : instances[instance].EntityId,
            Semantic = instance < 0 ? mesh.Semantics[tri] : instances[instance].Semantic,
            Reflectivity = m.Reflectivity,
            Radar = m.Radar,
            Triangle = tri,
        };
    }
}
