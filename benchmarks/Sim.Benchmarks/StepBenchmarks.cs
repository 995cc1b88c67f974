using BenchmarkDotNet.Attributes;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Benchmarks;

/// <summary>
/// Cost of one Simulator.Advance() of the highway cut-in (ego with the reference driver + one cutter),
/// averaged over the whole 25 s run (2500 steps: approach, cut-in, following). Each invocation builds
/// a simulator on the loaded scenario (a few microseconds, under 0.5 % of the figure) and runs it to
/// the end; invocations repeat many times per iteration, so the JIT has promoted the hot loop.
/// </summary>
[MemoryDiagnoser]
public class CutInStep
{
    public const int Steps = 2500;
    private Scenario _scenario = null!;

    [GlobalSetup]
    public void Setup() => _scenario = BenchScenarios.CutIn();

    [Benchmark(OperationsPerInvoke = Steps, Description = "cut-in: Advance()")]
    public long Advance()
    {
        var sim = new Simulator(_scenario);
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

/// <summary>
/// Issue #3's figure: read e6mini.xodr and esmini's cut-in.xosc (with its catalogs) and run the
/// whole scenario (21.74 s) at 0.01 s without output, the ego following the storyboard.
/// Needs ../shared/conformance/esmini (the shared reference data).
/// </summary>
[MemoryDiagnoser]
public class OpenScenarioCutIn
{
    private string _path = null!;

    [GlobalSetup]
    public void Setup()
    {
        string root = BenchScenarios.RepoRoot();
        _path = Path.GetFullPath(Path.Combine(root, "..", "shared", "conformance", "esmini", "xosc", "cut-in.xosc"));
        if (!File.Exists(_path))
        {
            throw new FileNotFoundException("the shared esmini data is needed for this benchmark", _path);
        }
    }

    [Benchmark(Description = "cut-in.xosc: load + run")]
    public long LoadAndRun()
    {
        Scenario s = ScenarioFiles.Load(_path, new LoadOptions { EgoDriver = SimCore.OpenScenario.EgoDriverMode.Scenario });
        var sim = new Simulator(s, new SimulationOptions { Step = 0.01 });
        while (sim.Advance())
        {
        }
        return sim.Steps;
    }
}
