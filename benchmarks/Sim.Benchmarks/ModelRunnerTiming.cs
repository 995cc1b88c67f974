using System.Globalization;
using Perception.Runtime;

namespace Sim.Benchmarks;

/// <summary>
/// The timing loop of the shipped-model console modes: per provider, 50 warm-up frames on one
/// runner, then the timed frames on a fresh one so its percentiles hold only those; one Markdown row each.
/// </summary>
internal static class ModelRunnerTiming
{
    /// <summary>Parses `[frames] [--providers cpu,cuda]` after the mode's name.</summary>
    public static (int Frames, string[] Providers) Arguments(string[] args, int defaultFrames)
    {
        int frames = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[1], CultureInfo.InvariantCulture) : defaultFrames;
        int at = Array.IndexOf(args, "--providers");
        string[] providers = at >= 0 && at + 1 < args.Length ? args[at + 1].Split(',') : ["cpu", "cuda"];
        return (frames, providers);
    }

    /// <summary>Times <paramref name="detect"/> (returning its detection count) on each provider.</summary>
    public static void PerProvider(string spec, string[] providers, int frames, string wholeCall, Func<ModelRunner, int> detect)
    {
        Console.WriteLine($"| provider | inference p50 / p99 (ms) | {wholeCall} p50 / p99 (ms) | frames/s | detections |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (string p in providers)
        {
            var options = new ModelRunnerOptions { Provider = p == "cuda" ? ExecutionProviderPreference.Cuda : ExecutionProviderPreference.Cpu };
            ModelRunner runner;
            try
            {
                runner = ModelRunner.Load(spec, options);
            }
            catch (InvalidOperationException e)
            {
                Console.WriteLine($"| {p} | not run: {e.Message} | | | |");
                continue;
            }
            using (runner)
            {
                for (int i = 0; i < 50; i++)
                {
                    detect(runner);
                }
            }
            using ModelRunner timed = ModelRunner.Load(spec, options);
            detect(timed);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            int found = 0;
            for (int i = 0; i < frames; i++)
            {
                found = detect(timed);
            }
            double secs = sw.Elapsed.TotalSeconds;
            LatencySummary run = timed.InferenceLatency, total = timed.TotalLatency;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {timed.Provider} | {run.P50Ms:F3} / {run.P99Ms:F3} | {total.P50Ms:F3} / {total.P99Ms:F3} | {frames / secs:F0} | {found} |"));
        }
    }
}
