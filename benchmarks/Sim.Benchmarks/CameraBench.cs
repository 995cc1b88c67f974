using System.Diagnostics;
using System.Globalization;
using SensorModels.Geometry;
using SensorModels.Mathematics;
using SensorModels.Rendering;
using SensorModels.Runtime;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Benchmarks;

/// <summary>
/// `Sim.Benchmarks camera [--scenario PATH] [--cameras 1,4,8] [--frames N] [--width 1920] [--height 1208]`:
/// frames per second of <see cref="SceneRenderer"/> with N cameras on the ego (spread evenly in yaw,
/// 60 degree horizontal FOV), RGB + depth + semantic read back into CPU arrays, in
/// scenarios/traffic/dense_highway.yaml after 2 s (the sensor cost benchmarks' state); the
/// simulation advances one step between frames (not timed). Runs from the repository or, as a
/// published app, with --scenario pointing at the scenario file (its road file beside it).
/// </summary>
internal static class CameraBench
{
    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] != "camera")
        {
            return false;
        }
        string? scenario = null;
        int[] counts = [1, 4, 8];
        int frames = 0, width = 1920, height = 1208;
        double hours = 12;
        bool parallel = true;
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            string v = args[i + 1];
            switch (args[i])
            {
                case "--scenario": scenario = v; break;
                case "--cameras": counts = v.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--frames": frames = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--width": width = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--height": height = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--parallel-readback": parallel = v == "on"; break;
                case "--hour": hours = double.Parse(v, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException("unknown option " + args[i]);
            }
        }
        scenario ??= Path.Combine(BenchScenarios.RepoRoot(), "scenarios", "traffic", "dense_highway.yaml");
        if (!VulkanDevice.TryCreate(out VulkanDevice? device, out string why))
        {
            Console.Error.WriteLine("camera benchmark: " + why);
            Environment.ExitCode = 2;
            return true;
        }
        using (device)
        {
            Run(device!, scenario, counts, frames, width, height, hours, parallel);
        }
        return true;
    }

    private static void Run(VulkanDevice device, string scenarioPath, int[] counts, int frames, int width, int height, double hours, bool parallel)
    {
        Scenario s = ScenarioLoader.Load(scenarioPath);
        var sim = new Simulator(s);
        for (int i = 0; i < 200; i++)
        {
            sim.Advance();
        }
        var snapshots = new EntitySnapshot[sim.EntityCount];
        sim.GetSnapshot(snapshots);
        SceneGeometry scene = SceneGeometry.Build(s.Network, snapshots);
        using var renderer = new SceneRenderer(device, scene) { ParallelReadback = parallel };
        Lighting lighting = Lighting.FromTimeOfDay(hours);
        Console.WriteLine($"device: {device.Name} ({(device.IsSoftware ? "software" : "hardware")}), {Environment.ProcessorCount} CPU threads");
        Console.WriteLine($"scene: {Path.GetFileName(scenarioPath)}, {snapshots.Length} entities, {scene.StaticTriangleCount} static triangles; {width}x{height}, RGB + depth + semantic, readback included, hour {hours}, parallel readback {(parallel ? "on" : "off")}");
        int ego = Array.FindIndex(snapshots, e => e.IsEgo);
        ego = ego < 0 ? 0 : ego;
        foreach (int n in counts)
        {
            var views = new CameraView[n];
            var targets = new CameraTargets[n];
            for (int c = 0; c < n; c++)
            {
                targets[c] = CameraTargets.Allocate(width, height, CameraOutputs.Rgb | CameraOutputs.Depth | CameraOutputs.Semantic);
            }
            int count = frames > 0 ? frames : Math.Max(3, 24 / n);
            double total = 0, wait = 0, copy = 0;
            long allocated = 0;
            for (int f = -2; f < count; f++) // two warm-up frames (JIT, pipeline and target creation)
            {
                sim.Advance();
                sim.GetSnapshot(snapshots);
                EntitySnapshot e = snapshots[ego];
                Pose3 body = SensorWorld.VehiclePose(e);
                for (int c = 0; c < n; c++)
                {
                    var mount = new Pose3(new Vec3(1.5, 0, 1.4), 0, 0, 2 * Math.PI * c / n);
                    views[c] = CameraView.FromFov(body.Compose(mount), width, height, 60) with { HiddenEntity = e.Id };
                }
                long before = GC.GetTotalAllocatedBytes(precise: true); // all threads: the read-back helpers too
                long t0 = Stopwatch.GetTimestamp();
                renderer.Render(views, snapshots, lighting, targets);
                double secs = Stopwatch.GetElapsedTime(t0).TotalSeconds;
                if (f >= 0)
                {
                    total += secs;
                    wait += renderer.LastTimings.Wait;
                    copy += renderer.LastTimings.Copy;
                    allocated += GC.GetTotalAllocatedBytes(precise: true) - before;
                }
            }
            double fps = count / total;
            // Sanity of the read-back: camera 0 sees road, sky (depth 0) and something within 1 km.
            int road = targets[0].Semantic!.Count(b => b == 1), sky = targets[0].Depth!.Count(d => d == 0);
            Console.WriteLine($"  camera 0: road {100.0 * road / (width * height):F1}% of pixels, sky {100.0 * sky / (width * height):F1}%, mean RGB {targets[0].Rgb!.Average(b => (double)b):F1}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cameras {n}: {fps:F2} frames/s ({1000 / fps:F1} ms per frame of {n} cameras, {fps * n:F1} camera images/s), {allocated / count} B allocated per frame; per frame: device {1000 * wait / count:F1} ms, copy to arrays {1000 * copy / count:F1} ms"));
        }
    }
}
