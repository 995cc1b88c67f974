using BenchmarkDotNet.Running;

namespace Sim.Benchmarks;

/// <summary>
/// dotnet run -c Release --project benchmarks/Sim.Benchmarks -- --filter '*' --job short   (BenchmarkDotNet)
/// dotnet run -c Release --project benchmarks/Sim.Benchmarks -- profile [steps]           (phase breakdown + allocation per step)
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "profile")
        {
            return PhaseProfile.Run(args);
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
