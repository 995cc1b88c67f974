using BenchmarkDotNet.Attributes;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Benchmarks;

/// <summary>
/// Cost of one Simulator.Advance() of the highway cut-in (ego with the reference driver + one cutter),
/// averaged over the whole 25 s run (2500 steps: approach, cut-in, following). Each invocation runs a
/// fresh simulator from start to end; building it is in the iteration setup, not in the figure.
/// </summary>
[MemoryDiagnoser]
public class CutInStep
{
    public const int Steps = 2500;
    private Simulator _sim = null!;

    [IterationSetup]
    public void Setup() => _sim = new Simulator(BenchScenarios.CutIn());

    [Benchmark(OperationsPerInvoke = Steps, Description = "cut-in: Advance()")]
    public long Advance()
    {
        Simulator sim = _sim;
        while (sim.Advance())
        {
        }
        if (sim.Steps != Steps)
        {
            throw new InvalidOperationException($"expected {Steps} steps, ran {sim.Steps}");
        }
        return sim.Steps;
    }
}

/// <summary>
/// Steps of scenarios/bench/ring_1000_idm.yaml (1000 IDM vehicles, 4-lane ring, step 0.01 s). The
/// simulator lives across invocations (duration overridden to 10^6 s), so this is steady-state traffic; each invocation is
/// <see cref="Batch"/> steps. Real-time factor = 0.01 s / (time per step).
/// </summary>
[MemoryDiagnoser]
public class RingIdmStep
{
    public const int Batch = 100;
    private Simulator _sim = null!;

    [Params(1)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Scenario s = BenchScenarios.Ring();
        _sim = new Simulator(s, new SimulationOptions { Threads = Threads });
        // Let the initial placement settle into car-following before measuring.
        for (int i = 0; i < 1000; i++)
        {
            _sim.Advance();
        }
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "ring 1000 IDM: Advance()")]
    public long Advance()
    {
        Simulator sim = _sim;
        for (int i = 0; i < Batch; i++)
        {
            sim.Advance();
        }
        return sim.Steps;
    }
}
