#if !CONSOLE_MODES_ONLY
using BenchmarkDotNet.Running;
#endif

namespace Sim.Benchmarks;

/// <summary>
/// dotnet run -c Release --project benchmarks/Sim.Benchmarks -- --filter '*' --job short
/// dotnet run -c Release --project benchmarks/Sim.Benchmarks -- lidar-vs-embree [--gpu] | lidar-sweep | gpu-rig | onnx-runner | onnx-shipped | onnx-camera | import | slurm-array | rig-steps   (console modes, docs/PERFORMANCE.md)
/// For a per-function profile use perf (docs/PERFORMANCE.md); `sim bench` measures any scenario end to end.
/// </summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        // Console modes (lidar-vs-embree, lidar-sweep) first; everything else is BenchmarkDotNet.
        if (!LidarVsEmbree.TryRun(args) && !GpuRigBench.TryRun(args) && !OnnxShippedBench.TryRun(args) && !OnnxCameraBench.TryRun(args) && !CameraBench.TryRun(args) && !HilThroughputBench.TryRun(args) && !HilLockstepBench.TryRun(args) && !OnnxRunnerBench.TryRun(args) && !ImportBench.TryRun(args) && !SlurmArrayBench.TryRun(args) && !RigStepBench.TryRun(args))
        {
#if CONSOLE_MODES_ONLY
            Console.Error.WriteLine("unknown mode (this build has the console modes only): " + string.Join(' ', args));
            Environment.Exit(2);
#else
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
#endif
        }
    }
}
