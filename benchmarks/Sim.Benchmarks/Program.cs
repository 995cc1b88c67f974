using BenchmarkDotNet.Running;

namespace Sim.Benchmarks;

/// <summary>
/// dotnet run -c Release --project benchmarks/Sim.Benchmarks -- --filter '*' --job short   (BenchmarkDotNet)
/// dotnet run -c Release --project benchmarks/Sim.Benchmarks -- profile [steps]           (phase breakdown + allocation per step)
/// dotnet run -c Release --project benchmarks/Sim.Benchmarks -- write-ring FILE [vehicles] [duration]  (the ring as YAML, for `sim bench`)
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "profile")
        {
            return PhaseProfile.Run(args);
        }
        if (args.Length > 1 && args[0] == "write-ring")
        {
            int vehicles = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1000;
            double duration = args.Length > 3 ? double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 30;
            File.WriteAllText(args[1], BenchScenarios.RingText(vehicles, 4, 6000, duration, 0.01));
            return 0;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
