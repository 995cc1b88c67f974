using System.Buffers.Binary;
using System.Globalization;
using Perception.Runtime;

namespace Sim.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project benchmarks/Sim.Benchmarks -- onnx-runner [frames]`: the
/// ModelRunner (issue #9) on the toy test model of tools/onnx-testmodels (two 1x1 convolutions,
/// hand-set weights), with the CPU provider on 1 and 2 intra-op threads (and 2 spinning): its own 8 x 8 raster, and
/// the same model on a KITTI-sized 384 x 384 raster (0.2 m cells over 76.8 m x 76.8 m) of a seeded
/// 120,000-point sweep. Inference (the ONNX Runtime run) and whole Detect p50/p99, and bytes
/// allocated per frame once warm. A toy: it measures the runner's overhead, not a real network.
/// </summary>
internal static class OnnxRunnerBench
{
    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] != "onnx-runner")
        {
            return false;
        }
        int frames = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        string dir = Path.Combine(BenchScenarios.RepoRoot(), "tools", "onnx-testmodels");
        string toy = Path.Combine(dir, "bev_toy.yaml");
        string big = Path.Combine(Path.GetTempPath(), "onnx-runner-bench-384.yaml");
        File.WriteAllText(big, File.ReadAllText(toy)
            .Replace("model: bev_toy.onnx", "model: " + Path.Combine(dir, "bev_toy.onnx"))
            .Replace("x_range: [0, 8]", "x_range: [0, 76.8]")
            .Replace("y_range: [-4, 4]", "y_range: [-38.4, 38.4]")
            .Replace("cell: 1.0", "cell: 0.2"));
        byte[] sweep = Sweep(120_000, 76.8f, 38.4f);
        Console.WriteLine($"CPU cores: {Environment.ProcessorCount}; {frames} frames per row after 50 warm-up frames");
        Console.WriteLine("| raster | threads | inference p50 / p99 (ms) | Detect p50 / p99 (ms) | frames/s | bytes/frame |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach ((string spec, string label) in new[] { (toy, "8 x 8 (toy spec)"), (big, "384 x 384, 120k points") })
        {
            foreach ((int threads, bool spin) in new[] { (1, false), (2, false), (2, true) })
            {
                Measure(spec, label, threads, spin, frames, sweep);
            }
        }
        return true;
    }

    private static void Measure(string spec, string label, int threads, bool spin, int frames, byte[] sweep)
    {
        // A fresh runner per row, so warm-up frames do not count in its latency figures.
        using (ModelRunner warm = ModelRunner.Load(spec, new ModelRunnerOptions { Provider = ExecutionProviderPreference.Cpu, IntraOpThreads = threads, SpinWait = spin }))
        {
            for (int i = 0; i < 50; i++)
            {
                warm.Detect(sweep);
            }
        }
        // The measured runner is fresh (its percentiles hold only the timed frames); its first frame
        // may still pay a one-off cost, one frame in thousands: below p99.
        using ModelRunner runner = ModelRunner.Load(spec, new ModelRunnerOptions { Provider = ExecutionProviderPreference.Cpu, IntraOpThreads = threads, SpinWait = spin });
        runner.Detect(sweep);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        int found = 0;
        for (int i = 0; i < frames; i++)
        {
            found += runner.Detect(sweep).Count;
        }
        double secs = sw.Elapsed.TotalSeconds;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        LatencySummary run = runner.InferenceLatency, total = runner.TotalLatency;
        Console.WriteLine($"| {label} | {threads}{(spin ? " spinning" : "")} | {run.P50Ms:F3} / {run.P99Ms:F3} | {total.P50Ms:F3} / {total.P99Ms:F3} | {frames / secs:F0} | {allocated / frames} |");
        _ = found;
    }

    /// <summary>A seeded sweep: points uniform over the raster's area, z in [-1.7, 0.5], intensity in [0, 1].</summary>
    private static byte[] Sweep(int n, float xMax, float yHalf)
    {
        var rng = new Random(9);
        var bytes = new byte[16 + 36 * n];
        Span<byte> b = bytes;
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)n);
        BinaryPrimitives.WriteUInt16LittleEndian(b[4..], 36);
        BinaryPrimitives.WriteUInt16LittleEndian(b[10..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(b[12..], (uint)n);
        for (int i = 0; i < n; i++)
        {
            Span<byte> p = b.Slice(16 + 36 * i, 36);
            BinaryPrimitives.WriteSingleLittleEndian(p, (float)rng.NextDouble() * xMax);
            BinaryPrimitives.WriteSingleLittleEndian(p[4..], ((float)rng.NextDouble() * 2 - 1) * yHalf);
            BinaryPrimitives.WriteSingleLittleEndian(p[8..], (float)rng.NextDouble() * 2.2f - 1.7f);
            BinaryPrimitives.WriteSingleLittleEndian(p[16..], (float)rng.NextDouble());
        }
        return bytes;
    }
}
