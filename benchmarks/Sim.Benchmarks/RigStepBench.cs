using System.Diagnostics;
using System.Globalization;
using SensorModels.Runtime;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Benchmarks;

/// <summary>
/// `rig-steps [--show-allocations] [SCENARIO [RIG [RUNS]]]` (default scenarios/highway_cut_in.yaml, scenarios/rigs/full.yaml, 3 runs):
/// runs the scenario with the rig mounted as `sim run --rig` mounts it (no recording, no target)
/// and prints the distribution of one step's cost (simulator step + the rig sampling the state:
/// what a real-time tick has to fit in) and the bytes the simulation thread allocates per step
/// after the first simulated second (with --show-allocations, each step that allocated).
/// </summary>
internal static class RigStepBench
{
    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] != "rig-steps")
        {
            return false;
        }
        bool show = args.Length > 1 && args[1] == "--show-allocations";
        if (show)
        {
            args = args.Where((_, i) => i != 1).ToArray();
        }
        string root = BenchScenarios.RepoRoot();
        string scenario = args.Length > 1 ? args[1] : Path.Combine(root, "scenarios", "highway_cut_in.yaml");
        string rigPath = args.Length > 2 ? args[2] : Path.Combine(root, "scenarios", "rigs", "full.yaml");
        int runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
        for (int run = 0; run < runs; run++)
        {
            Scenario s = ScenarioLoader.Load(scenario);
            var sim = new Simulator(s);
            using RigSession rig = RigSession.Create(rigPath, null, s, sim);
            var stages = new StepStages(sim);
            rig.Attach(stages);
            var ticks = new long[(int)Math.Ceiling(s.Duration / s.Step) + 2];
            int n = 0, warm = (int)Math.Round(1 / s.Step), allocSteps = 0;
            long t0 = 0, a0 = 0, allocated = 0, allocMax = 0;
            stages.BeforeStep += _ =>
            {
                t0 = Stopwatch.GetTimestamp();
                a0 = GC.GetAllocatedBytesForCurrentThread();
            };
            stages.Sensed += _ =>
            {
                long dt = Stopwatch.GetTimestamp() - t0, da = GC.GetAllocatedBytesForCurrentThread() - a0;
                if (t0 == 0 || n == ticks.Length)
                {
                    return; // the initial state: no step before it
                }
                ticks[n++] = dt;
                if (n > warm)
                {
                    allocated += da;
                    allocMax = Math.Max(allocMax, da);
                    allocSteps += da > 0 ? 1 : 0;
                    if (show && da > 0)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {n} (t = {sim.Time.Seconds:F2} s): {da} B"));
                    }
                }
            };
            long w0 = Stopwatch.GetTimestamp();
            stages.Run();
            double wall = Stopwatch.GetElapsedTime(w0).TotalSeconds;
            double[] ms = ticks.Take(n).Select(t => t * 1e3 / Stopwatch.Frequency).Order().ToArray();
            double P(double q) => ms[(int)Math.Min(ms.Length - 1, Math.Floor(q * ms.Length))];
            int over = ms.Count(x => x > s.Step * 1e3);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run + 1}: {n} steps in {wall:F2} s; step ms p50 {P(0.50):F2} p90 {P(0.90):F2} p99 {P(0.99):F2} max {ms[^1]:F2}; over {s.Step * 1e3:F0} ms: {over}; allocated after 1 s: {allocated} B in {allocSteps} of {Math.Max(0, n - warm)} steps (max {allocMax} B)"));
        }
        return true;
    }
}
