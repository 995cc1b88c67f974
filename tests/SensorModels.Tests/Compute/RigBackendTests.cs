using System.Buffers.Binary;
using System.Globalization;
using SensorModels.Compute;
using SensorModels.Geometry;
using SensorModels.Lidar;
using SensorModels.Output;
using SensorModels.Radar;
using SensorModels.Rendering;
using SensorModels.Rig;
using SensorModels.Runtime;
using SensorModels.Tests.Lidar;
using SensorModels.Tests.Rendering;
using Xunit.Abstractions;

namespace SensorModels.Tests.Compute;

/// <summary>
/// A rig on dense traffic with 'backend: gpu' (one batch per step on the Vulkan device, lavapipe in
/// CI) against the same rig on the CPU: every lidar point and radar detection, point by point.
/// </summary>
[Collection("vulkan")]
public sealed class RigBackendTests(ITestOutputHelper output)
{
    // Reduced resolution for lavapipe on CI's 2 cores: a 32 x 512 lidar (16,384 rays a sweep, two
    // sweeps), motion-compensated, with dropout and range noise; a front and a corner radar at 20 Hz.
    private const string Rig = """
        name: gpu-equality
        backend: BACKEND
        sensors:
          - name: lidar_top
            type: lidar
            mount: {x: 1.3, y: 0, z: 1.95}
            rate: 10
            channels: 32
            fov_up_deg: 15
            fov_down_deg: 25
            azimuth_steps: 512
            min_range: 0.5
            max_range: 200
            range_noise: 0.02
            dropout: 0.01
            motion_compensated: true
          - name: radar_front
            type: radar
            mount: {x: 3.85, y: 0, z: 0.55}
            rate: 20
            max_range: 250
            azimuth_fov_deg: 40
            elevation_fov_deg: 10
            false_alarms_per_cycle: 1
          - name: radar_rear_left
            type: radar
            mount: {x: -0.8, y: 0.8, z: 0.5, yaw: 2.356}
            rate: 20
            phase: 0.01
            max_range: 80
            azimuth_fov_deg: 150
            elevation_fov_deg: 20
        """;

    private const int Steps = 20;

    [VulkanFact]
    public void Gpu_backend_gives_the_cpu_backends_points_and_detections()
    {
        var traffic = new DenseTraffic(80);
        (SensorRig cpuRig, _) = Mount("cpu", traffic);
        (SensorRig gpuRig, RayCasting? casting) = Mount("gpu", traffic);
        using RayCasting rays = casting!;
        Assert.NotNull(rays.Caster);
        var cpu = new LidarTests.RecordingSink();
        var gpu = new LidarTests.RecordingSink();
        Run(traffic, (cpuRig, cpu), (gpuRig, gpu));

        Assert.Equal(cpu.Outputs.Select(o => (o.Frame.Sensor, o.Frame.Sequence)), gpu.Outputs.Select(o => (o.Frame.Sensor, o.Frame.Sequence)));
        int identical = 0, points = 0, missing = 0, detections = 0, detectionDiffs = 0;
        double maxRange = 0, maxIntensity = 0;
        for (int k = 0; k < cpu.Outputs.Count; k++)
        {
            byte[] a = cpu.Outputs[k].Payload, b = gpu.Outputs[k].Payload;
            identical += a.AsSpan().SequenceEqual(b) ? 1 : 0;
            if (cpu.Outputs[k].Frame.Format == LidarSensor.FormatId)
            {
                Dictionary<(int, int), LidarTests.Point> pa = LidarTests.Parse(a).ToDictionary(p => (p.Ring, p.Column)), pb = LidarTests.Parse(b).ToDictionary(p => (p.Ring, p.Column));
                missing += pa.Keys.Count(key => !pb.ContainsKey(key)) + pb.Keys.Count(key => !pa.ContainsKey(key));
                foreach (((int, int) key, LidarTests.Point p) in pa)
                {
                    if (!pb.TryGetValue(key, out LidarTests.Point q))
                    {
                        continue;
                    }
                    points++;
                    maxRange = Math.Max(maxRange, Math.Abs(p.Range - q.Range));
                    maxIntensity = Math.Max(maxIntensity, Math.Abs(p.Intensity - q.Intensity) / Math.Max(1e-6, p.Intensity));
                    Assert.Equal(p.Entity, q.Entity);
                    Assert.Equal(p.Class, q.Class);
                }
            }
            else
            {
                List<(int Entity, float Range)> da = Detections(a), db = Detections(b);
                detections += da.Count;
                detectionDiffs += da.Count != db.Count ? Math.Abs(da.Count - db.Count) : da.Zip(db).Count(z => z.First.Entity != z.Second.Entity || Math.Abs(z.First.Range - z.Second.Range) > 1e-3);
            }
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rays.Note}: {identical} of {cpu.Outputs.Count} outputs bit-identical; lidar {points} points matched, {missing} present on one side only, largest range difference {maxRange * 1000:F6} mm, intensity {maxIntensity:E2} relative; radar {detections} detections, {detectionDiffs} differing; {rays.Casts} casts, {rays.Rays} rays on the device"));
        Assert.True(points > 5000, $"only {points} lidar points compared");
        Assert.True(detections > 5, $"only {detections} radar detections compared");
        Assert.True(maxRange <= 1e-3, $"ranges differ by {maxRange} m");
        Assert.True(maxIntensity <= 1e-5, $"intensities differ by {maxIntensity} (relative)");
        // Rays grazing an edge may hit on one side only: at most 1 in 10,000 (lavapipe: none).
        Assert.True(missing <= 2 * Steps * 16384 / 10000 / 10 + 1, $"{missing} points present on one side only");
        Assert.True(detectionDiffs <= 1, $"{detectionDiffs} radar detections differ");
        // One cast per step in which a lidar or radar was due, all of that step's rays in it.
        Assert.Equal(gpu.Outputs.Select(o => o.Frame.EndNanoseconds).Distinct().Count(), rays.Casts);
    }

    [VulkanFact]
    public void Gpu_backend_gives_the_same_bytes_run_to_run()
    {
        var traffic = new DenseTraffic(80);
        (SensorRig first, RayCasting? a) = Mount("gpu", traffic);
        (SensorRig second, RayCasting? b) = Mount("gpu", traffic);
        using RayCasting ra = a!, rb = b!;
        var one = new LidarTests.RecordingSink();
        var two = new LidarTests.RecordingSink();
        Run(traffic, (first, one), (second, two));
        Assert.Equal(one.Outputs.Count, two.Outputs.Count);
        for (int k = 0; k < one.Outputs.Count; k++)
        {
            Assert.True(one.Outputs[k].Payload.AsSpan().SequenceEqual(two.Outputs[k].Payload), $"output {k} ({one.Outputs[k].Frame.Sensor}) differs");
        }
    }

    [Fact]
    public void Backend_key_is_read_and_checked()
    {
        Assert.Equal(RayBackend.Auto, RigLoader.Parse("r.yaml", Rig.Replace("BACKEND", "auto")).Backend);
        Assert.Null(RigLoader.Parse("r.yaml", Rig.Replace("backend: BACKEND\n", "")).BackendWhere);
        var e = Assert.Throws<SimCore.Diagnostics.InputException>(() => RigLoader.Parse("r.yaml", Rig.Replace("BACKEND", "gpus")));
        Assert.Contains("r.yaml:2:", e.Message);
        Assert.Contains("'backend' 'gpus' is not one of: cpu, gpu, auto", e.Message);
    }

    [VulkanFact]
    public void Auto_takes_only_a_gpu()
    {
        var traffic = new DenseTraffic(1);
        SceneGeometry scene = SceneGeometry.Build(traffic.Scenario.Network, traffic.World.Current);
        VulkanDevice? device = VulkanTestDevice.Get();
        using RayCasting rays = RayCasting.Choose(RayBackend.Auto, scene, ref device, out string? error)!;
        Assert.Null(error);
        Assert.Equal(device!.Type is Silk.NET.Vulkan.PhysicalDeviceType.DiscreteGpu or Silk.NET.Vulkan.PhysicalDeviceType.IntegratedGpu, rays.Caster is not null);
        output.WriteLine($"auto on {device.Name} ({device.TypeName}): {rays.Note}");
    }

    private static (SensorRig Rig, RayCasting? Rays) Mount(string backend, DenseTraffic traffic)
    {
        SensorRig rig = RigLoader.Parse("gpu-equality.yaml", Rig.Replace("BACKEND", backend));
        SceneGeometry scene = SceneGeometry.Build(traffic.Scenario.Network, traffic.World.Current);
        foreach (Sensor s in rig.Sensors)
        {
            if (s is LidarSensor l)
            {
                l.Scene = scene;
                l.Threads = 2;
            }
            else if (s is RadarSensor r)
            {
                r.Scene = scene;
            }
        }
        if (rig.Backend == RayBackend.Cpu)
        {
            return (rig, null);
        }
        VulkanDevice? device = VulkanTestDevice.Get();
        RayCasting rays = RayCasting.Choose(rig.Backend, scene, ref device, out string? error) ?? throw new InvalidOperationException(error);
        rig.RayCasting = rays;
        return (rig, rays);
    }

    /// <summary>Steps the traffic and both rigs (each on its own scene) through the same states.</summary>
    private static void Run(DenseTraffic traffic, params (SensorRig Rig, ISensorSink Sink)[] rigs)
    {
        for (int i = 0; i <= Steps; i++)
        {
            if (i > 0)
            {
                traffic.Step();
            }
            foreach ((SensorRig rig, ISensorSink sink) in rigs)
            {
                ((LidarSensor)rig.Sensors[0]).Scene!.Update(traffic.World);
                rig.Step(traffic.World, sink);
            }
        }
    }

    private static List<(int Entity, float Range)> Detections(byte[] payload)
    {
        int n = BinaryPrimitives.ReadInt32LittleEndian(payload);
        var list = new List<(int, float)>();
        for (int k = 0; k < n; k++)
        {
            ReadOnlySpan<byte> d = payload.AsSpan(4 + 28 * k, 28);
            list.Add((BinaryPrimitives.ReadInt32LittleEndian(d[24..]), BinaryPrimitives.ReadSingleLittleEndian(d)));
        }
        return list;
    }
}
