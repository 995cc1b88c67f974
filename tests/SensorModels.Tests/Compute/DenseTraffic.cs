using SensorModels.Runtime;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SensorModels.Tests.Compute;

/// <summary>scenarios/traffic/dense_highway.yaml (74 vehicles on a 3 km motorway) after <paramref name="steps"/> steps, as the sensors see it.</summary>
internal sealed class DenseTraffic
{
    public DenseTraffic(int steps = 100)
    {
        Scenario = ScenarioLoader.Load(Path.Combine(RepoRoot(), "scenarios", "traffic", "dense_highway.yaml"));
        Sim = new Simulator(Scenario);
        World = new SensorWorld(Scenario.Network, Sim.EntityCount, 7);
        World.Update(Sim);
        for (int i = 0; i < steps; i++)
        {
            Step();
        }
    }

    public Scenario Scenario { get; }

    public Simulator Sim { get; }

    public SensorWorld World { get; }

    public void Step()
    {
        Sim.Advance();
        World.Update(Sim);
    }

    public static string RepoRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (Directory.Exists(Path.Combine(d.FullName, "scenarios", "traffic")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException("scenarios/ not found above " + AppContext.BaseDirectory);
    }
}
