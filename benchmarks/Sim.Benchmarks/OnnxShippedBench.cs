using System.Globalization;
using Perception.Runtime;
using SensorModels.Output;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Timing;

namespace Sim.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project benchmarks/Sim.Benchmarks [-p:OnnxRuntimeGpu=true] -- onnx-shipped [frames] [--providers cpu,cuda]`:
/// the shipped detector (models/lidar_bev) on one motion-compensated sweep of the datagen rig's
/// 64 x 2048 lidar over scenarios/traffic/dense_highway.yaml, per provider: inference (ONNX
/// Runtime's run) and whole Detect p50 / p99 after 50 warm-up frames, frames/s. A provider that
/// cannot run says why (the CPU-only package has no CUDA provider: build with -p:OnnxRuntimeGpu=true).
/// </summary>
internal static class OnnxShippedBench
{
    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] != "onnx-shipped")
        {
            return false;
        }
        int frames = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        int at = Array.IndexOf(args, "--providers");
        string[] providers = at >= 0 && at + 1 < args.Length ? args[at + 1].Split(',') : ["cpu", "cuda"];
        string root = BenchScenarios.RepoRoot();
        string spec = Path.Combine(root, "models", "lidar_bev", "model.yaml");
        byte[] sweep = Sweep(root);
        Console.WriteLine($"models/lidar_bev on a {sweep.Length / 48}-point sweep, {frames} frames per provider after 50 warm-up frames, {Environment.ProcessorCount} CPU threads");
        Console.WriteLine("| provider | inference p50 / p99 (ms) | Detect p50 / p99 (ms) | frames/s | detections |");
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
                    runner.Detect(sweep);
                }
            }
            // A fresh runner, so its percentiles hold only the timed frames.
            using ModelRunner timed = ModelRunner.Load(spec, options);
            timed.Detect(sweep);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            int found = 0;
            for (int i = 0; i < frames; i++)
            {
                found = timed.Detect(sweep).Count;
            }
            double secs = sw.Elapsed.TotalSeconds;
            LatencySummary run = timed.InferenceLatency, total = timed.TotalLatency;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {timed.Provider} | {run.P50Ms:F3} / {run.P99Ms:F3} | {total.P50Ms:F3} / {total.P99Ms:F3} | {frames / secs:F0} | {found} |"));
        }
        return true;
    }

    private static byte[] Sweep(string root)
    {
        (_, _, SensorWorld world) = BenchScenarios.DenseTraffic();
        Sensor lidar = RigLoader.Load(Path.Combine(root, "scenarios", "rigs", "datagen.yaml")).Sensors.First(x => x.Definition.Name == "top");
        var sink = new Last();
        lidar.Capture(world, sink, new SimTime(world.Time.Nanoseconds - 100_000_000), world.Time);
        return sink.Payload;
    }

    private sealed class Last : ISensorSink
    {
        public byte[] Payload { get; private set; } = [];

        public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload) => Payload = payload.ToArray();
    }
}
