using System.Diagnostics;
using System.Globalization;
using SensorModels.Compute;
using SensorModels.Geometry;
using SensorModels.Mathematics;
using SensorModels.Rendering;

namespace Sim.Benchmarks;

/// <summary>
/// The Vulkan compute ray caster (<see cref="VulkanRaycaster"/>) on embree_lidar.c's rays (part of `lidar-vs-embree ... --gpu`):
/// <paramref name="perCast"/> sweeps of 262,144 rays in one batch per cast, on the best Vulkan
/// device; prints the device, hit rate and mean hit range (the same work as the CPU's and
/// Embree's), rays/s by wall time of the casts (copies in and out included, the batch already
/// filled) and by device time of the dispatches (timestamps).
/// </summary>
internal static class GpuRayBench
{
    /// <summary>Returns rays/s by wall time, or null without a device.</summary>
    public static double? Run(SceneGeometry scene, Vec3[] dirs, int sweeps, int perCast)
    {
        if (!VulkanDevice.TryCreate(out VulkanDevice? device, out string why))
        {
            Console.WriteLine("gpu: no Vulkan device: " + why);
            return null;
        }
        using VulkanDevice d = device!;
        var sw = Stopwatch.StartNew();
        using var caster = new VulkanRaycaster(d, scene);
        Console.WriteLine($"gpu: {d.Name} ({d.TypeName}), upload and pipeline {sw.Elapsed.TotalMilliseconds:F0} ms, traversal stack {caster.TraversalStack}");
        var batch = new Vec3[dirs.Length * perCast];
        for (int i = 0; i < batch.Length; i++)
        {
            batch[i] = dirs[i % dirs.Length];
        }
        caster.Load(default, batch, 200, 0.3);
        caster.Cast(); // warm-up: first-use costs of the buffers and the pipeline
        int casts = Math.Max(1, (sweeps + perCast - 1) / perCast);
        double deviceSeconds = 0;
        long hits = 0;
        double sum = 0;
        sw.Restart();
        for (int c = 0; c < casts; c++)
        {
            caster.Cast();
            deviceSeconds += caster.LastDispatchSeconds;
        }
        double secs = sw.Elapsed.TotalSeconds;
        for (int i = 0; i < caster.Count; i++)
        {
            if (caster.Hit(i, out double distance, out _))
            {
                hits++;
                sum += distance;
            }
        }
        double rays = (double)caster.Count * casts;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gpu: {casts} casts of {caster.Count} rays ({perCast} sweeps each): {rays / secs / 1e6:F2} M rays/s by wall time ({secs / casts * 1e3:F2} ms a cast), {rays / deviceSeconds / 1e6:F2} M rays/s by device time ({deviceSeconds / casts * 1e3:F2} ms a dispatch), hit rate {hits / (double)caster.Count:F3}, mean hit range {sum / hits:F3} m"));
        return rays / secs;
    }
}
