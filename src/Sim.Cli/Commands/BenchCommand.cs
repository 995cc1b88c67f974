using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using SimCore.Diagnostics;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Cli.Commands;

/// <summary>
/// `sim bench SCENARIO`: runs a scenario without output several times and reports step cost,
/// real-time factor and allocation per step. Use a Release build for figures.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario file" };
        var repeats = new Option<int>("--repeats") { Description = "Measured runs (after a one-second warm-up)", DefaultValueFactory = _ => 5 };
        var step = new Option<double?>("--step") { Description = "Fixed step in seconds" };
        var threads = new Option<int>("--threads") { Description = "Worker threads", DefaultValueFactory = _ => 1 };
        var loading = new CommonOptions.Loading();
        var cmd = new Command("bench", "Measure steps per second, real-time factor and allocation per step of a scenario (no output files).");
        cmd.Arguments.Add(scenario);
        repeats.Validators.Add(v =>
        {
            if (v.GetValueOrDefault<int>() < 1)
            {
                v.AddError("--repeats: must be at least 1");
            }
        });
        cmd.Options.Add(repeats);
        cmd.Options.Add(step);
        cmd.Options.Add(threads);
        loading.AddTo(cmd);
        cmd.SetAction(r =>
        {
            LoadOptions? load = loading.Read(r);
            if (load is null)
            {
                return ExitCodes.BadInput;
            }
            try
            {
                Scenario s = ScenarioFiles.Load(r.GetValue(scenario)!, load);
                var options = new SimulationOptions { Step = r.GetValue(step), Threads = Math.Max(1, r.GetValue(threads)) };
                // Warm up for a second so the JIT's tiered compilation has promoted the hot loop.
                var warm = Stopwatch.StartNew();
                while (warm.Elapsed.TotalSeconds < 1.0)
                {
                    Measure(s, options, 1, out _, out _, out _);
                }
                Measure(s, options, r.GetValue(repeats), out long steps, out double seconds, out long bytes);
                double sim = steps * (options.Step ?? s.Step);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Name}: {s.EntityNames.Count} entities, {steps} steps in {seconds:0.000} s: {seconds / steps * 1e6:0.000} us/step, {steps / seconds:0} steps/s, real-time factor {sim / seconds:0.0}x, {(double)bytes / steps:0.0} bytes allocated/step"));
                return ExitCodes.Pass;
            }
            catch (InputException e)
            {
                CommonOptions.Print(e.Errors);
                return ExitCodes.BadInput;
            }
        });
        return cmd;
    }

    /// <summary>Steps the simulation after construction only: loading and placing are not part of the figure.</summary>
    internal static void Measure(Scenario s, SimulationOptions options, int repeats, out long steps, out double seconds, out long bytes)
    {
        steps = 0;
        seconds = 0;
        bytes = 0;
        for (int i = 0; i < repeats; i++)
        {
            var sim = new Simulator(s, options);
            long before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            while (sim.Advance())
            {
            }
            seconds += watch.Elapsed.TotalSeconds;
            bytes += GC.GetAllocatedBytesForCurrentThread() - before;
            steps += sim.Steps;
        }
    }
}
