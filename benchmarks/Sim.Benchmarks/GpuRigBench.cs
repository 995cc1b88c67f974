using System.Diagnostics;
using System.Globalization;
using SensorModels.Compute;
using SensorModels.Geometry;
using SensorModels.Lidar;
using SensorModels.Output;
using SensorModels.Radar;
using SensorModels.Rendering;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project benchmarks/Sim.Benchmarks -- gpu-rig [sweeps] [--rig FILE] [--backends cpu,gpu]`:
/// a sensor set (default scenarios/rigs/lidar4_radar5.yaml: four 128 x 2048 lidars at 10 Hz and five
/// radars) on the ego of scenarios/traffic/dense_highway.yaml from 1 s on, stepped as `sim run`
/// steps it, once per backend. Per lidar sweep (the step in which the lidars fire): the rig's
/// step wall time (rays queued, cast, shaded, payloads written to a counting sink) and, on the
/// device, the dispatch's device time (timestamps) and the cast from submission to fence.
/// </summary>
internal static class GpuRigBench
{
    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] != "gpu-rig")
        {
            return false;
        }
        int sweeps = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        string root = BenchScenarios.RepoRoot();
        string rigPath = Option(args, "--rig") ?? Path.Combine(root, "scenarios", "rigs", "lidar4_radar5.yaml");
        string[] backends = (Option(args, "--backends") ?? "cpu,gpu").Split(',');
        VulkanDevice? device = null;
        try
        {
            foreach (string b in backends)
            {
                Measure(rigPath, b == "gpu" ? RayBackend.Gpu : RayBackend.Cpu, sweeps, ref device);
            }
        }
        finally
        {
            device?.Dispose();
        }
        return true;
    }

    private static void Measure(string rigPath, RayBackend backend, int sweeps, ref VulkanDevice? device)
    {
        (Scenario s, Simulator sim, SensorWorld world) = BenchScenarios.DenseTraffic();
        SensorRig rig = RigLoader.Load(rigPath);
        SceneGeometry scene = SceneGeometry.Build(s.Network, world.Current);
        long rays = 0;
        foreach (Sensor sensor in rig.Sensors)
        {
            if (sensor is LidarSensor l)
            {
                l.Scene = scene;
                rays += l.RaysPerSweep;
            }
            else if (sensor is RadarSensor r)
            {
                r.Scene = scene;
            }
        }
        RayCasting? casting = null;
        if (backend == RayBackend.Gpu)
        {
            casting = RayCasting.Choose(RayBackend.Gpu, scene, ref device, out string? error);
            if (casting is null)
            {
                Console.WriteLine("gpu: " + error);
                return;
            }
            rig.RayCasting = casting;
        }
        using RayCasting? owned = casting;
        var sink = new CountingSink();
        var wall = new List<double>();
        var dispatch = new List<double>();
        var submit = new List<double>();
        long lidarPeriod = rig.Sensors.OfType<LidarSensor>().First().Definition.PeriodNanoseconds;
        int warm = 2;
        while (wall.Count < sweeps)
        {
            sim.Advance();
            world.Update(sim);
            scene.Update(world);
            bool sweep = world.Time.Nanoseconds % lidarPeriod == 0;
            long t0 = Stopwatch.GetTimestamp();
            rig.Step(world, sink);
            double secs = (Stopwatch.GetTimestamp() - t0) / (double)Stopwatch.Frequency;
            if (sweep && warm-- <= 0)
            {
                wall.Add(secs);
                if (casting?.Caster is { } c)
                {
                    dispatch.Add(c.LastDispatchSeconds);
                    submit.Add(c.LastSubmitSeconds);
                }
            }
        }
        string where = casting?.Note ?? $"CPU, {Environment.ProcessorCount} threads";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(rigPath)} on dense_highway ({scene.TriangleCount} triangles, {scene.InstanceCount} instances), {rays} lidar rays a sweep, {where}:"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  rig step with the sweep: median {Median(wall) * 1e3:F1} ms, max {wall.Max() * 1e3:F1} ms over {wall.Count} sweeps ({rays / Median(wall) / 1e6:F1} M lidar rays/s)"));
        if (dispatch.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  device: dispatch median {Median(dispatch) * 1e3:F2} ms, max {dispatch.Max() * 1e3:F2} ms; submission to fence (copies in and out) median {Median(submit) * 1e3:F2} ms; {casting!.Rays / (double)casting.Casts:F0} rays a cast on average"));
        }
    }

    private static double Median(List<double> v)
    {
        var s = v.Where(double.IsFinite).OrderBy(x => x).ToList();
        return s.Count == 0 ? double.NaN : s[s.Count / 2];
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
