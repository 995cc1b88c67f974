using SensorModels.Runtime;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Benchmarks;

/// <summary>The scenarios the benchmarks step: the library's cut-in and a generated IDM ring road.</summary>
internal static class BenchScenarios
{
    public static string RepoRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Simulation.sln")))
            {
                return d.FullName;
            }
        }
        // BenchmarkDotNet runs each benchmark from a generated project under bin/; the working directory is kept.
        for (DirectoryInfo? d = new(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Simulation.sln")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException("Simulation.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>scenarios/traffic/dense_highway.yaml (74 vehicles) stepped for 1 s, and the sensors' view of it (seed 1).</summary>
    public static (Scenario Scenario, Simulator Sim, SensorWorld World) DenseTraffic(string? path = null)
    {
        Scenario s = ScenarioLoader.Load(path ?? Path.Combine(RepoRoot(), "scenarios", "traffic", "dense_highway.yaml"));
        var sim = new Simulator(s);
        var world = new SensorWorld(s.Network, sim.EntityCount, 1);
        world.Update(sim);
        for (int i = 0; i < 100; i++)
        {
            sim.Advance();
            world.Update(sim);
        }
        return (s, sim, world);
    }

    public static string CutInPath => Path.Combine(RepoRoot(), "scenarios", "highway_cut_in.yaml");

    /// <summary>Loads the cut-in afresh (a Scenario owns storyboard state: one per simulator).</summary>
    public static Scenario CutIn() => ScenarioLoader.Load(CutInPath);

    /// <summary>
    /// The library's benchmark ring (scenarios/bench/ring_1000_idm.yaml: 1000 IDM vehicles on a
    /// 4-lane ring, step 0.01 s), with a duration long enough for any number of benchmark batches.
    /// </summary>
    public static Scenario Ring()
        => ScenarioLoader.Load(Path.Combine(RepoRoot(), "scenarios", "bench", "ring_1000_idm.yaml"),
            new Dictionary<string, string> { ["duration"] = "1000000" });
}
