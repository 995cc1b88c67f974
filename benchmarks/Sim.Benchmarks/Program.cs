using BenchmarkDotNet.Running;

namespace Sim.Benchmarks;

/// <summary>
/// dotnet run -c Release --project benchmarks/Sim.Benchmarks -- --filter '*' --job short
/// dotnet run -c Release --project benchmarks/Sim.Benchmarks -- lidar-vs-embree | lidar-sweep | onnx-runner | import | slurm-array   (console modes, docs/PERFORMANCE.md)
/// For a per-function profile use perf (docs/PERFORMANCE.md); `sim bench` measures any scenario end to end.
/// </summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        // Console modes (lidar-vs-embree, lidar-sweep) first; everything else is BenchmarkDotNet.
        if (!LidarVsEmbree.TryRun(args) && !CameraBench.TryRun(args) && !HilThroughputBench.TryRun(args) && !HilLockstepBench.TryRun(args) && !OnnxRunnerBench.TryRun(args) && !ImportBench.TryRun(args) && !SlurmArrayBench.TryRun(args))
        {
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }
    }
}
