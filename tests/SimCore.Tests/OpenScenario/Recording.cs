using SimCore.Scenarios;
using SimCore.Simulation;

namespace SimCore.Tests.OpenScenario;

/// <summary>Every entity's snapshot at every step of a run (row 0 is the state at time 0), for checks by time.</summary>
internal sealed class Recording
{
    private readonly List<EntitySnapshot[]> _rows = new();
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public Recording(Scenario scenario, double step = 0.01)
    {
        var sim = new Simulator(scenario, new SimulationOptions { Step = step });
        Step = step;
        Result = Run(sim);
    }

    public double Step { get; }

    public RunResult Result { get; }

    private RunResult Run(Simulator sim)
    {
        return sim.Run(s =>
        {
            var row = new EntitySnapshot[s.EntityCount];
            s.GetSnapshot(row);
            if (_rows.Count == 0)
            {
                for (int i = 0; i < row.Length; i++)
                {
                    _index[row[i].Name] = i;
                }
            }
            _rows.Add(row);
        });
    }

    /// <summary>The entity's state at time <paramref name="t"/> (a whole number of steps).</summary>
    public EntitySnapshot At(string entity, double t) => _rows[(int)Math.Round(t / Step)][_index[entity]];

    public int Steps => _rows.Count - 1;
}
