using SimCore.Diagnostics;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SimCore.Tests.Simulation;

/// <summary>Loads inline scenarios and records every step of a run, for the simulation-level tests.</summary>
internal static class SimHarness
{
    /// <summary>Path used for inline scenarios (messages name it; nothing is read from it).</summary>
    public static readonly string InlinePath = Path.Combine(Path.GetTempPath(), "simcore-tests", "inline.yaml");

    /// <summary>A straight road 'r' along +x with <paramref name="rightLanes"/> lanes of <paramref name="width"/> m right of the reference line.</summary>
    public static string StraightRoad(double length = 2000, int rightLanes = 3, double width = 3.5, double? speedLimit = null)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("road:\n  id: r\n  geometry:\n    - line: ").Append(Fmt(length)).Append('\n');
        if (speedLimit is { } v)
        {
            sb.Append("  speed_limit: ").Append(Fmt(v)).Append('\n');
        }
        sb.Append("  lanes:\n    right:\n");
        for (int i = 0; i < rightLanes; i++)
        {
            sb.Append("      - {width: ").Append(Fmt(width)).Append("}\n");
        }
        return sb.ToString();
    }

    public static string Fmt(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    public static Scenario Parse(string yaml, IReadOnlyDictionary<string, string>? overrides = null)
        => ScenarioLoader.Parse(InlinePath, yaml, overrides);

    /// <summary>The errors of a scenario that must not load.</summary>
    public static IReadOnlyList<InputError> Errors(string yaml, IReadOnlyDictionary<string, string>? overrides = null)
    {
        InputException e = Assert.Throws<InputException>(() => Parse(yaml, overrides));
        Assert.NotEmpty(e.Errors);
        return e.Errors;
    }

    /// <summary>1-based line and column of the <paramref name="occurrence"/>-th occurrence of <paramref name="token"/> in <paramref name="text"/>.</summary>
    public static (int Line, int Column) Locate(string text, string token, int occurrence = 1)
    {
        int index = -1;
        for (int i = 0; i < occurrence; i++)
        {
            index = text.IndexOf(token, index + 1, StringComparison.Ordinal);
            Assert.True(index >= 0, $"'{token}' occurs fewer than {occurrence} times");
        }
        int line = 1, lineStart = 0;
        for (int i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return (line, index - lineStart + 1);
    }

    /// <summary>Asserts exactly one error at the token's position whose message contains every phrase.</summary>
    public static InputError AssertErrorAt(IReadOnlyList<InputError> errors, string yaml, string token, params string[] phrases)
        => AssertErrorAt(errors, yaml, token, 1, phrases);

    public static InputError AssertErrorAt(IReadOnlyList<InputError> errors, string yaml, string token, int occurrence, params string[] phrases)
    {
        (int line, int column) = Locate(yaml, token, occurrence);
        InputError[] matching = errors.Where(e => phrases.All(p => e.Message.Contains(p, StringComparison.Ordinal))).ToArray();
        Assert.True(matching.Length == 1, $"expected one error containing [{string.Join(" | ", phrases)}], got:\n{string.Join("\n", errors)}");
        InputError err = matching[0];
        Assert.Equal(InlinePath, err.Location.File);
        Assert.Equal((line, column), (err.Location.Line, err.Location.Column));
        return err;
    }

    /// <summary>
    /// Runs <paramref name="sim"/> to its end, showing <paramref name="observe"/> every state: the
    /// initial one, each step's, and the last unless a stop trigger ended the run before its step
    /// (the loop StepStages runs, without sensors).
    /// </summary>
    public static RunResult EveryState(Simulator sim, Action<Simulator> observe)
    {
        observe(sim);
        while (sim.Advance())
        {
            observe(sim);
        }
        if (sim.EndedWithNewState)
        {
            observe(sim);
        }
        return sim.Result();
    }

    public static Trace Run(Scenario scenario, SimulationOptions? options = null)
    {
        var sim = new Simulator(scenario, options);
        var trace = new Trace(scenario.EntityNames);
        RunResult result = EveryState(sim, s =>
        {
            var frame = new EntitySnapshot[s.EntityCount];
            s.GetSnapshot(frame);
            trace.Times.Add(s.Time.Seconds);
            trace.Steps.Add(s.Steps);
            trace.Frames.Add(frame);
        });
        trace.Result = result;
        return trace;
    }
}

/// <summary>Every recorded state of a run (the initial one, then one per step).</summary>
internal sealed class Trace
{
    private readonly IReadOnlyList<string> _names;

    public Trace(IReadOnlyList<string> names) => _names = names;

    public List<double> Times { get; } = new();
    public List<long> Steps { get; } = new();
    public List<EntitySnapshot[]> Frames { get; } = new();
    public RunResult Result { get; set; } = null!;

    public int IndexOf(string name)
    {
        for (int i = 0; i < _names.Count; i++)
        {
            if (_names[i] == name)
            {
                return i;
            }
        }
        throw new ArgumentException($"no entity '{name}'");
    }

    /// <summary>The frame recorded at <paramref name="time"/> (to within a microsecond).</summary>
    public int FrameAt(double time)
    {
        for (int i = 0; i < Times.Count; i++)
        {
            if (Math.Abs(Times[i] - time) < 1e-6)
            {
                return i;
            }
        }
        throw new ArgumentException($"no frame at t = {time}");
    }

    public EntitySnapshot At(double time, string name) => Frames[FrameAt(time)][IndexOf(name)];

    public IEnumerable<SimEvent> EventsOf(string type, string? name = null)
        => Result.Events.Where(e => e.Type == type && (name is null || e.Name == name));

    public double KpiValue(string kpi) => Result.Kpis.Single(k => k.Name == kpi).Value
        ?? throw new InvalidOperationException($"KPI {kpi} was not measured");
}
