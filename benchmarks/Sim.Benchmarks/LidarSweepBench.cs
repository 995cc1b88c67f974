using System.Diagnostics;
using System.Globalization;
using SensorModels.Geometry;
using SensorModels.Output;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Scenarios;
using SimCore.Simulation;
using SimCore.Timing;

namespace Sim.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project benchmarks/Sim.Benchmarks -- lidar-sweep [sweeps] [scenario]`:
/// a 128 x 2048 spinning lidar (-25..+15 deg, 0.3..200 m, noise, dropout, motion compensation) on
/// the ego of scenarios/traffic/dense_highway.yaml after 1 s, sweeps per second and rays per second
/// with 1 and 2 threads, and bytes allocated per sweep once warm.
/// </summary>
internal static class LidarSweepBench
{
    public static void Run(string[] args)
    {
        int sweeps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        string path = args.Length > 1 ? args[1] : Path.Combine(BenchScenarios.RepoRoot(), "scenarios", "traffic", "dense_highway.yaml");
        (Scenario s, _, SensorWorld world) = BenchScenarios.DenseTraffic(path);
        foreach (int threads in new[] { 1, 2 })
        {
            SensorRig rig = RigLoader.Parse("bench_rig.yaml", $$"""
                sensors:
                  - {name: top, type: lidar, mount: {x: 1.5, y: 0, z: 1.9}, rate: 10, channels: 128, fov_up_deg: 15, fov_down_deg: 25,
                     azimuth_steps: 2048, motion_compensated: true, dropout: 0.01, threads: {{threads}}}
                """);
            Sensor lidar = rig.Sensors[0];
            var sink = new LastPoints();
            var sw = Stopwatch.StartNew();
            SceneGeometry scene = rig.MountScene(s.Network, world.Current)!;
            scene.Update(world);
            Capture(lidar, world, sink);
            if (threads == 1)
            {
                Console.WriteLine($"{Path.GetFileName(path)}: {scene.TriangleCount} triangles ({scene.StaticTriangleCount} static, {scene.InstanceCount} entity instances with {scene.InstanceTriangleCount}), first sweep incl. build {sw.Elapsed.TotalMilliseconds:F0} ms");
            }
            for (int i = 0; i < 3; i++)
            {
                Capture(lidar, world, sink);
            }
            long before = GC.GetTotalAllocatedBytes(true);
            sw.Restart();
            for (int i = 0; i < sweeps; i++)
            {
                Capture(lidar, world, sink);
            }
            double secs = sw.Elapsed.TotalSeconds;
            long allocated = GC.GetTotalAllocatedBytes(true) - before;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"lidar 128x2048, {threads} threads: {sweeps / secs:F2} sweeps/s, {RaysPerSweep * (double)sweeps / secs / 1e6:F2} M rays/s, {sink.Points} points/sweep, {(double)allocated / sweeps:F0} bytes allocated/sweep"));
        }
    }

    private const int RaysPerSweep = 128 * 2048;

    private static void Capture(Sensor lidar, SensorWorld world, ISensorSink sink)
        => lidar.Capture(world, sink, new SimTime(world.Time.Nanoseconds - 100_000_000), world.Time);

    /// <summary>The point count of the last lidar.v1 output (its header).</summary>
    private sealed class LastPoints : ISensorSink
    {
        public uint Points { get; private set; }

        public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload) => Points = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(payload);
    }
}
