using SensorModels.Compute;
using SensorModels.Geometry;
using SensorModels.Mathematics;
using SensorModels.Runtime;
using SensorModels.Tests.Rendering;
using SimCore.Timing;
using Xunit.Abstractions;

namespace SensorModels.Tests.Compute;

/// <summary>
/// The compute-shader ray caster against the CPU traversal it mirrors, ray by ray (on lavapipe in
/// CI): hit or miss, triangle, instance and t (within 1 mm), with rays that graze an edge counted
/// apart and bounded; and the same bytes from two casts.
/// </summary>
[Collection("vulkan")]
public sealed class GpuRayCasterTests(ITestOutputHelper output)
{
    /// <summary>At most this share of the rays may differ by grazing an edge (float rounding on the device).</summary>
    private const double GrazingBound = 1e-4;

    [ReferenceSceneFact]
    public void Reference_scene_hits_equal_the_cpu_traversal()
    {
        // embree_lidar.c's lidar at a quarter of its resolution: 64 x 512 = 32,768 rays.
        const int channels = 64, azimuths = 512;
        SceneGeometry scene = SceneGeometry.FromTriangles(ReferenceScene.Triangles);
        using var caster = new GpuRayCaster(VulkanTestDevice.Get(), scene);
        var batch = new RayBatch(scene);
        int pose = batch.AddPose();
        int first = batch.Reserve(channels * azimuths);
        for (int az = 0; az < azimuths; az++)
        {
            for (int ch = 0; ch < channels; ch++)
            {
                Vec3 d = ReferenceScene.Direction(ch, az, channels, azimuths);
                batch.Rays[first + az * channels + ch] = scene.Query(new Ray(default, d, 200, 0.3), pose);
            }
        }
        caster.Cast(batch);
        var cmp = new HitComparison();
        for (int i = 0; i < batch.Count; i++)
        {
            cmp.Add(scene, batch.Pose(pose), batch.Rays[i], scene.Cast(batch.Rays[i]), batch.Hits[i]);
        }
        output.WriteLine($"reference scene ({scene.TriangleCount} triangles) on {caster.Device.Name}: {cmp.Summary}");
        Assert.True(cmp.Other == 0, cmp.Summary + "\n" + string.Join("\n", cmp.Failures));
        Assert.True(cmp.Grazing <= GrazingBound * cmp.Rays, cmp.Summary);
        // The work is the Embree program's: about 61 % of its rays hit (README: 0.611 at full resolution).
        Assert.InRange(cmp.Hits / (double)cmp.Rays, 0.55, 0.67);
    }

    [VulkanFact]
    public void Dense_traffic_hits_and_occlusion_equal_the_cpu_traversal_across_pose_sets()
    {
        var traffic = new DenseTraffic();
        SceneGeometry scene = SceneGeometry.Build(traffic.Scenario.Network, traffic.World.Current);
        using var caster = new GpuRayCaster(VulkanTestDevice.Get(), scene);
        var batch = new RayBatch(scene);
        int ego = traffic.World.EgoIndex, egoId = traffic.World.Current[ego].Id;
        long t1 = traffic.World.Time.Nanoseconds, t0 = traffic.World.PreviousTime.Nanoseconds;
        // Two pose sets (the step's start and end, entities moved between them), a 32 x 256 lidar
        // on the roof against each, and an occlusion segment from the roof to every entity.
        var times = new[] { t0, t1 };
        var queries = new List<(int Pose, long Time)>();
        foreach (long t in times)
        {
            int pose = batch.AddPose(traffic.World, new SimTime(t));
            Pose3 roof = SensorWorld.VehiclePose(SceneGeometry.EntityAt(traffic.World, ego, t)).Compose(new Pose3(new Vec3(1.5, 0, 1.9), 0, 0, 0));
            const int channels = 32, azimuths = 256;
            int first = batch.Reserve(channels * azimuths);
            for (int az = 0; az < azimuths; az++)
            {
                for (int ch = 0; ch < channels; ch++)
                {
                    Vec3 d = roof.Rotate(ReferenceScene.Direction(ch, az, channels, azimuths));
                    batch.Rays[first + az * channels + ch] = scene.Query(new Ray(roof.Position, d, 200, 0.3, egoId), pose);
                }
            }
            for (int e = 0; e < traffic.World.Current.Length; e++)
            {
                var target = SceneGeometry.EntityAt(traffic.World, e, t);
                var centre = new Vec3(target.X, target.Y, target.Z + 0.8);
                if (e != ego && scene.OcclusionQuery(roof.Position, centre, egoId, target.Id, pose, out RayQuery q))
                {
                    int slot = batch.Reserve(1);
                    batch.Rays[slot] = q;
                }
            }
            queries.Add((pose, t));
        }
        caster.Cast(batch);
        var cmp = new HitComparison();
        int entityHits = 0, occluded = 0;
        foreach ((int pose, long t) in queries)
        {
            // The CPU traverses the scene as posed at that time again.
            scene.Update(traffic.World, new SimTime(t));
            for (int i = 0; i < batch.Count; i++)
            {
                if (batch.Rays[i].Pose != pose)
                {
                    continue;
                }
                RayHit cpu = scene.Cast(batch.Rays[i]), gpu = batch.Hits[i];
                cmp.Add(scene, batch.Pose(pose), batch.Rays[i], cpu, gpu);
                entityHits += gpu.IsHit && gpu.Instance >= 0 && !batch.Rays[i].AnyHit ? 1 : 0;
                occluded += gpu.IsHit && batch.Rays[i].AnyHit ? 1 : 0;
                if (gpu.IsHit && cpu.IsHit && !batch.Rays[i].AnyHit)
                {
                    // The hit's entity id, material and class come from the pose set's instance.
                    Vec3 o = new Vec3(batch.Rays[i].Origin.X, batch.Rays[i].Origin.Y, batch.Rays[i].Origin.Z) + scene.Origin;
                    Vec3 d = new(batch.Rays[i].Direction.X, batch.Rays[i].Direction.Y, batch.Rays[i].Direction.Z);
                    Hit a = scene.MakeHit(o, d, cpu, batch.Pose(pose)), b = scene.MakeHit(o, d, gpu, batch.Pose(pose));
                    Assert.Equal(a.EntityId, b.EntityId);
                    Assert.NotEqual(egoId, b.EntityId);
                }
            }
        }
        output.WriteLine($"dense traffic ({scene.TriangleCount} triangles, {scene.InstanceCount} instances) on {caster.Device.Name}: {cmp.Summary}; {entityHits} rays hit an entity, {occluded} segments occluded");
        Assert.True(cmp.Other == 0, cmp.Summary + "\n" + string.Join("\n", cmp.Failures));
        Assert.True(cmp.Grazing <= GrazingBound * cmp.Rays, cmp.Summary);
        Assert.True(entityHits > 100, $"only {entityHits} rays hit an entity: the instances were not exercised");
        Assert.True(occluded > 5, $"only {occluded} segments occluded");
    }

    [VulkanFact]
    public void Two_casts_give_the_same_bytes()
    {
        var traffic = new DenseTraffic(20);
        SceneGeometry scene = SceneGeometry.Build(traffic.Scenario.Network, traffic.World.Current);
        using var caster = new GpuRayCaster(VulkanTestDevice.Get(), scene);
        var batch = new RayBatch(scene);
        int pose = batch.AddPose(traffic.World, traffic.World.Time);
        Pose3 roof = SensorWorld.VehiclePose(traffic.World.Current[traffic.World.EgoIndex]).Compose(new Pose3(new Vec3(1.5, 0, 1.9), 0, 0, 0));
        int first = batch.Reserve(16 * 512);
        for (int i = 0; i < 16 * 512; i++)
        {
            batch.Rays[first + i] = scene.Query(new Ray(roof.Position, roof.Rotate(ReferenceScene.Direction(i % 16, i / 16, 16, 512)), 200, 0.3, traffic.World.Current[traffic.World.EgoIndex].Id), pose);
        }
        caster.Cast(batch);
        RayHit[] once = batch.Hits.ToArray();
        caster.Cast(batch);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.AsBytes(once.AsSpan()).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(batch.Hits)));
        Assert.Contains(once, h => h.IsHit);
    }

    [VulkanFact]
    public void Public_raycaster_gives_what_scene_raycast_gives()
    {
        // VulkanRaycaster (public) against SceneGeometry.Raycast (public), 32 x 512 rays from the
        // ego's roof on dense traffic: the same answers an embedding program would compare.
        var traffic = new DenseTraffic(20);
        SceneGeometry scene = SceneGeometry.Build(traffic.Scenario.Network, traffic.World.Current);
        scene.Update(traffic.World);
        Pose3 roof = SensorWorld.VehiclePose(traffic.World.Current[traffic.World.EgoIndex]).Compose(new Pose3(new Vec3(1.5, 0, 1.9), 0, 0, 0));
        var dirs = new Vec3[32 * 512];
        for (int i = 0; i < dirs.Length; i++)
        {
            dirs[i] = roof.Rotate(ReferenceScene.Direction(i % 32, i / 32, 32, 512));
        }
        using var caster = new VulkanRaycaster(VulkanTestDevice.Get(), scene);
        caster.Load(roof.Position, dirs, 150, 0.3);
        caster.Cast();
        Assert.Equal(dirs.Length, caster.Count);
        int hits = 0, entityHits = 0, differ = 0;
        double worst = 0;
        for (int i = 0; i < dirs.Length; i++)
        {
            bool cpu = scene.Raycast(roof.Position, dirs[i], 150, 0.3, out double d0, out int e0);
            bool gpu = caster.Hit(i, out double d1, out int e1);
            if (cpu != gpu)
            {
                differ++;
                continue;
            }
            if (cpu)
            {
                hits++;
                entityHits += e0 >= 0 ? 1 : 0;
                worst = Math.Max(worst, Math.Abs(d0 - d1));
                Assert.Equal(e0, e1);
            }
            else
            {
                Assert.Equal(double.PositiveInfinity, d1);
                Assert.Equal(-1, e1);
            }
        }
        output.WriteLine($"{dirs.Length} rays on {VulkanTestDevice.Get().Name}: {hits} hits, {entityHits} on entities, {differ} hit/miss differences, largest range difference {worst} m");
        Assert.True(differ <= GrazingBound * dirs.Length, $"{differ} rays hit on one side only");
        Assert.True(worst <= 1e-3, $"ranges differ by {worst} m");
        Assert.True(entityHits > 100, $"only {entityHits} rays hit an entity");
        Assert.InRange(hits, dirs.Length / 4, dirs.Length);
    }
}
