using SensorModels.Geometry;
using SensorModels.Mathematics;
using SensorModels.Rendering;

namespace SensorModels.Compute;

/// <summary>
/// <see cref="SceneGeometry.Raycast"/> for many rays at once on a Vulkan device: the rays are
/// loaded once against the scene as posed at load time, then cast in one compute dispatch as often
/// as wanted (the same traversal as the CPU's; docs/sensors.md, "Ray casting on a GPU"). What the
/// rig's <c>backend: gpu</c> uses, for embedding code and benchmarks that cast their own rays.
/// </summary>
public sealed class VulkanRaycaster : IDisposable
{
    private readonly GpuRayCaster _caster;
    private readonly RayBatch _batch;

    /// <summary>
    /// Uploads <paramref name="scene"/> to <paramref name="device"/> (which stays the caller's).
    /// Throws <see cref="InvalidOperationException"/> when the device cannot run the caster.
    /// </summary>
    public VulkanRaycaster(VulkanDevice device, SceneGeometry scene)
    {
        try
        {
            _caster = new GpuRayCaster(device, scene);
        }
        catch (VulkanException e)
        {
            throw new InvalidOperationException($"the ray caster cannot run on {device.Name}: {e.Message}", e);
        }
        _batch = new RayBatch(scene);
    }

    /// <summary>Rays loaded.</summary>
    public int Count => _batch.Count;

    /// <summary>Depth of the bottom-level traversal stack the shader was built with.</summary>
    public int TraversalStack => _caster.StackSize;

    /// <summary>Device time of the last <see cref="Cast"/>'s dispatch in seconds (timestamps; NaN where the device has none).</summary>
    public double LastDispatchSeconds => _caster.LastDispatchSeconds;

    /// <summary>
    /// Replaces the rays with one from <paramref name="origin"/> along each unit direction of
    /// <paramref name="directions"/> within (<paramref name="minRange"/>, <paramref name="maxRange"/>),
    /// against the scene's entities as posed now.
    /// </summary>
    public void Load(Vec3 origin, ReadOnlySpan<Vec3> directions, double maxRange, double minRange)
    {
        _batch.Clear();
        int pose = _batch.AddPose();
        int first = _batch.Reserve(directions.Length);
        Span<RayQuery> rays = _batch.Rays;
        SceneGeometry scene = _batch.Scene;
        for (int i = 0; i < directions.Length; i++)
        {
            rays[first + i] = scene.Query(new Ray(origin, directions[i], maxRange, minRange), pose);
        }
    }

    /// <summary>Casts the loaded rays (copies in, one dispatch, copies out) and waits for the hits.</summary>
    public void Cast() => _caster.Cast(_batch);

    /// <summary>
    /// The last cast's result for ray <paramref name="index"/>, as <see cref="SceneGeometry.Raycast"/>
    /// gives it: the distance and the entity hit (-1 for static geometry); false when nothing is hit.
    /// </summary>
    public bool Hit(int index, out double distance, out int entity)
    {
        RayHit h = _batch.Hits[index];
        if (!h.IsHit)
        {
            (distance, entity) = (double.PositiveInfinity, -1);
            return false;
        }
        distance = h.T;
        entity = h.Instance < 0 ? -1 : _batch.Pose(0).Instances[h.Instance].EntityId;
        return true;
    }

    /// <summary>Releases the device objects (not the device).</summary>
    public void Dispose() => _caster.Dispose();
}
