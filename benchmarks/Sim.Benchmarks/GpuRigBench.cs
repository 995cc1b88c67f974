using System.Diagnostics;
using System.Globalization;
using System.Buffers.Binary;
using System.Text.RegularExpressions;
using SensorModels.Compute;
using SensorModels.Output;
using SensorModels.Runtime;
using SimCore.Diagnostics;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project benchmarks/Sim.Benchmarks -- gpu-rig [sweeps] [--rig FILE] [--backends cpu,gpu]`:
/// a sensor set (default scenarios/rigs/lidar4_radar5.yaml: four 128 x 2048 lidars at 10 Hz and five
/// radars) on the ego of scenarios/traffic/dense_highway.yaml, run as `sim run --rig` runs it
/// (<see cref="RigSession"/> on <see cref="StepStages"/>), once per backend (the rig file's
/// 'backend' replaced). Per lidar sweep after two warm-up sweeps: the wall time of the sensing
/// stage (scene posed, rays queued, cast, shaded, payloads counted) and, on the device, the
/// dispatch's device time (timestamps) and the cast from submission to fence.
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
        foreach (string b in (Option(args, "--backends") ?? "cpu,gpu").Split(','))
        {
            Measure(rigPath, b, sweeps);
        }
        return true;
    }

    private static void Measure(string rigPath, string backend, int sweeps)
    {
        // The same rig with the backend asked for.
        string rig = Path.Combine(Path.GetTempPath(), $"gpu-rig-{Environment.ProcessId}-{backend}.yaml");
        string text = File.ReadAllText(rigPath);
        text = Regex.IsMatch(text, "^backend:", RegexOptions.Multiline)
            ? Regex.Replace(text, "^backend:.*$", "backend: " + backend, RegexOptions.Multiline)
            : "backend: " + backend + "\n" + text;
        File.WriteAllText(rig, text);
        Scenario s = ScenarioLoader.Load(Path.Combine(BenchScenarios.RepoRoot(), "scenarios", "traffic", "dense_highway.yaml"));
        var sim = new Simulator(s);
        RigSession session;
        try
        {
            session = RigSession.Create(rig, null, s, sim);
        }
        catch (InputException e)
        {
            Console.WriteLine($"{backend}: {e.Message}");
            return;
        }
        finally
        {
            File.Delete(rig);
        }
        using RigSession owned = session;
        RayCasting casting = session.RayCasting!;
        var stages = new StepStages(sim);
        var wall = new List<double>();
        var dispatch = new List<double>();
        var submit = new List<double>();
        var raysPerSweep = new Dictionary<string, uint>();
        long t0 = 0;
        int lidarOutputs = 0, warm = 2;
        stages.Sensing += _ =>
        {
            lidarOutputs = 0;
            t0 = Stopwatch.GetTimestamp();
        };
        session.Attach(stages);
        stages.SensorOutput += (in SensorFrame f, ReadOnlySpan<byte> payload) =>
        {
            if (f.Type == "lidar")
            {
                lidarOutputs++;
                raysPerSweep[f.Sensor] = BinaryPrimitives.ReadUInt32LittleEndian(payload[12..]); // lidar.v1 header: rays per sweep
            }
        };
        stages.Sensed += _ =>
        {
            double secs = (Stopwatch.GetTimestamp() - t0) / (double)Stopwatch.Frequency;
            if (lidarOutputs == 0 || warm-- > 0)
            {
                return;
            }
            wall.Add(secs);
            if (casting.OnDevice)
            {
                dispatch.Add(casting.LastDispatchSeconds);
                submit.Add(casting.LastSubmitSeconds);
            }
            if (wall.Count == sweeps)
            {
                stages.Stop();
            }
        };
        stages.Run();
        int lidars = raysPerSweep.Count;
        long sweepRays = raysPerSweep.Values.Sum(x => (long)x);
        string where = casting.OnDevice ? casting.Note : $"CPU, {Environment.ProcessorCount} threads";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(rigPath)} on dense_highway, {lidars} lidars, {sweepRays} lidar rays a sweep, {where}:"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  sensing stage with the sweep: median {Median(wall) * 1e3:F1} ms, max {wall.DefaultIfEmpty(double.NaN).Max() * 1e3:F1} ms over {wall.Count} sweeps ({sweepRays / Median(wall) / 1e6:F1} M lidar rays/s)"));
        if (dispatch.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  device: dispatch median {Median(dispatch) * 1e3:F2} ms, max {dispatch.Max() * 1e3:F2} ms; submission to fence (copies in and out) median {Median(submit) * 1e3:F2} ms; {casting.Rays / (double)casting.Casts:F0} rays a cast on average"));
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
