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
        (int frames, string[] providers) = ModelRunnerTiming.Arguments(args, 1000);
        string root = BenchScenarios.RepoRoot();
        byte[] sweep = Sweep(root);
        Console.WriteLine($"models/lidar_bev on a {sweep.Length / 48}-point sweep, {frames} frames per provider after 50 warm-up frames, {Environment.ProcessorCount} CPU threads");
        ModelRunnerTiming.PerProvider(Path.Combine(root, "models", "lidar_bev", "model.yaml"), providers, frames, "Detect",
            runner => runner.Detect(sweep).Count);
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
