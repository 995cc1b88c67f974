using BenchmarkDotNet.Running;

namespace Sim.Benchmarks;

/// <summary>
/// dotnet run -c Release --project benchmarks/Sim.Benchmarks -- --filter '*' --job short
/// For a per-function profile use perf (docs/PERFORMANCE.md); `sim bench` measures any scenario end to end.
/// </summary>
internal static class Program
{
    private static void Main(string[] args) { if (!LidarVsEmbree.TryRun(args)) BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args); }
}
