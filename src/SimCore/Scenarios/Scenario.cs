using SimCore.Diagnostics;
using SimCore.Kpis;
using SimCore.Roads;
using SimCore.Simulation;

namespace SimCore.Scenarios;

/// <summary>
/// A loaded, validated scenario: roads, entities, storyboard, criteria. Run it with a
/// <see cref="Simulator"/>. A scenario holds the storyboard's run state, so run one simulator
/// at a time per loaded scenario.
/// </summary>
public sealed class Scenario
{
    internal Scenario(string name, string description, string sourceFile, double duration, double step, ulong seed,
        RoadNetwork network, IReadOnlyList<EntityDefinition> entities, Storyboard.Storyboard storyboard,
        IReadOnlyList<Criterion> criteria, Goal? goal, EnvironmentSettings environment, bool endOnCollision,
        IReadOnlyDictionary<string, ParameterValue> parameters)
    {
        Name = name;
        Description = description;
        SourceFile = sourceFile;
        Duration = duration;
        Step = step;
        Seed = seed;
        Network = network;
        Entities = entities;
        Storyboard = storyboard;
        Criteria = criteria;
        Goal = goal;
        Environment = environment;
        EndOnCollision = endOnCollision;
        Parameters = parameters;
    }

    /// <summary>Scenario name.</summary>
    public string Name { get; }

    /// <summary>One-line purpose.</summary>
    public string Description { get; }

    /// <summary>File it was loaded from.</summary>
    public string SourceFile { get; }

    /// <summary>Longest simulated time (s).</summary>
    public double Duration { get; }

    /// <summary>Default step (s).</summary>
    public double Step { get; }

    /// <summary>Default seed.</summary>
    public ulong Seed { get; }

    /// <summary>Names of the entities, in declaration order.</summary>
    public IReadOnlyList<string> EntityNames => Entities.Select(e => e.Name).ToArray();

    /// <summary>The text of each pass/fail criterion.</summary>
    public IReadOnlyList<string> CriteriaText => Criteria.Select(c => c.Text).ToArray();

    /// <summary>Parameter values after overrides.</summary>
    public IReadOnlyDictionary<string, ParameterValue> Parameters { get; }

    /// <summary>The road network.</summary>
    public RoadNetwork Network { get; }

    /// <summary>Full path of the sensor rig file the scenario names (`rig:`), or null.</summary>
    public string? RigFile { get; init; }

    internal IReadOnlyList<EntityDefinition> Entities { get; }

    /// <summary>
    /// The entity with <c>driver: external</c> (driven by a HIL target; `sim run --target`) and where
    /// it is declared, or null when the reference driver or the storyboard drives everything.
    /// </summary>
    public (string Name, SourceLocation Where)? ExternalDriver
        => Entities.FirstOrDefault(e => e.Driver == DriverKind.External) is { } e ? (e.Name, e.Where) : null;

    internal Storyboard.Storyboard Storyboard { get; }

    /// <summary>Traffic signal controllers (OpenSCENARIO RoadNetwork/TrafficSignals); empty when none.</summary>
    internal IReadOnlyList<Signals.SignalControllerDefinition> SignalControllers { get; init; } = [];

    internal IReadOnlyList<Criterion> Criteria { get; }

    internal Goal? Goal { get; }

    /// <summary>Time of day and visibility (the reference driver's perception range, cameras' light).</summary>
    public EnvironmentSettings Environment { get; }

    internal bool EndOnCollision { get; }
}
