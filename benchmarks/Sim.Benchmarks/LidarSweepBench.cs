using System.Diagnostics;
using System.Globalization;
using SensorModels.Lidar;
using SensorModels.Mathematics;
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
        (_, _, SensorWorld world) = BenchScenarios.DenseTraffic(path);
        foreach (int threads in new[] { 1, 2 })
        {
            var config = new LidarConfig
            {
                Elevations = LidarConfig.Uniform(128, 25, 15), Azimuths = LidarConfig.Turn(2048), MotionCompensated = true, Dropout = 0.01,
            };
            var lidar = new LidarSensor(new SensorDefinition("top", "lidar", new Pose3(new Vec3(1.5, 0, 1.9), 0, 0, 0), 10, 0, default), config) { Threads = threads };
            var sink = new CountingSink();
            var sw = Stopwatch.StartNew();
            Capture(lidar, world, sink);
            if (threads == 1)
            {
                Console.WriteLine($"{Path.GetFileName(path)}: {lidar.Scene!.TriangleCount} triangles ({lidar.Scene.StaticTriangleCount} static, {lidar.Scene.InstanceCount} entity instances with {lidar.Scene.InstanceTriangleCount}), first sweep incl. build {sw.Elapsed.TotalMilliseconds:F0} ms");
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
                $"lidar 128x2048, {threads} threads: {sweeps / secs:F2} sweeps/s, {lidar.RaysPerSweep * (double)sweeps / secs / 1e6:F2} M rays/s, {lidar.LastPointCount} points/sweep, {(double)allocated / sweeps:F0} bytes allocated/sweep"));
        }
    }

    private static void Capture(LidarSensor lidar, SensorWorld world, ISensorSink sink)
        => lidar.Capture(world, sink, new SimTime(world.Time.Nanoseconds - 100_000_000), world.Time);
}
