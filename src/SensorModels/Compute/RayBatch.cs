using SensorModels.Geometry;
using SensorModels.Runtime;
using SimCore.Timing;

namespace SensorModels.Compute;

/// <summary>
/// The rays of one cast: every query the rig's ray sensors queued for a step, the scene's instance
/// poses they refer to (one <see cref="ScenePose"/> per time a sensor asked for), and, after
/// <see cref="GpuRayCaster.Cast"/>, one <see cref="RayHit"/> per query in the same slot. Sensors
/// reserve slots and fill them (from several threads, each its own slots); nothing is allocated
/// once the arrays have grown to a step's size.
/// </summary>
internal sealed class RayBatch(SceneGeometry scene)
{
    private RayQuery[] _rays = new RayQuery[1024];
    private RayHit[] _hits = new RayHit[1024];
    private readonly List<ScenePose> _poses = new();

    /// <summary>The scene the queries are cast into (its static geometry, its instances' pose sets).</summary>
    public SceneGeometry Scene => scene;

    /// <summary>Queries reserved so far.</summary>
    public int Count { get; private set; }

    /// <summary>Pose sets added so far.</summary>
    public int PoseCount { get; private set; }

    /// <summary>All reserved queries (slot i of a reservation starting at f is [f + i]).</summary>
    public Span<RayQuery> Rays => _rays.AsSpan(0, Count);

    /// <summary>The hits of the last cast, slot for slot.</summary>
    public Span<RayHit> Hits => _hits.AsSpan(0, Count);

    /// <summary>Pose set <paramref name="index"/>.</summary>
    public ScenePose Pose(int index) => _poses[index];

    /// <summary>Empties the batch (keeps the memory).</summary>
    public void Clear()
    {
        Count = 0;
        PoseCount = 0;
    }

    /// <summary>Reserves <paramref name="count"/> query slots; returns the first.</summary>
    public int Reserve(int count)
    {
        int first = Count;
        long need = (long)first + count;
        if (need > Array.MaxLength / 2)
        {
            throw new InvalidOperationException($"a ray batch of {need} rays is more than one cast can take");
        }
        if (need > _rays.Length)
        {
            int size = (int)Math.Max(need, 2L * _rays.Length);
            Array.Resize(ref _rays, size);
            Array.Resize(ref _hits, size);
        }
        Count = (int)need;
        return first;
    }

    /// <summary>
    /// Poses the scene's instances at <paramref name="time"/> (<see cref="SceneGeometry.Update(SensorWorld, SimTime)"/>)
    /// and keeps a copy as a new pose set; returns its index for <see cref="RayQuery.Pose"/>.
    /// </summary>
    public int AddPose(SensorWorld world, SimTime time)
    {
        scene.Update(world, time);
        return AddPose();
    }

    /// <summary>Keeps a copy of the scene's instances as posed now as a new pose set; returns its index.</summary>
    public int AddPose()
    {
        if (PoseCount == _poses.Count)
        {
            _poses.Add(new ScenePose());
        }
        scene.CopyPose(_poses[PoseCount]);
        return PoseCount++;
    }
}
