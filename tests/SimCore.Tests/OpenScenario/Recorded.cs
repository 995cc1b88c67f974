using SimCore.Scenarios;
using SimCore.Simulation;

namespace SimCore.Tests.OpenScenario;

/// <summary>A run with every entity's snapshot after every step, for tests that look at states over time.</summary>
internal sealed class Recorded
{
    private readonly List<(double Time, EntitySnapshot[] States)> _steps = new();

    public Recorded(Scenario s, double step = 0.01)
    {
        var sim = new Simulator(s, new SimulationOptions { Step = step });
        Result = Simulation.SimHarness.EveryState(sim, x =>
        {
            var snap = new EntitySnapshot[x.EntityCount];
            x.GetSnapshot(snap);
            _steps.Add((x.Time.Seconds, snap));
        });
    }

    public RunResult Result { get; }

    /// <summary>The state of <paramref name="entity"/> recorded at <paramref name="time"/>.</summary>
    public EntitySnapshot At(string entity, double time)
        => _steps.Last(s => Math.Abs(s.Time - time) < 1e-9).States.Single(e => e.Name == entity);
}
