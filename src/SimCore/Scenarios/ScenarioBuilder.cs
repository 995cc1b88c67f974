using SimCore.Diagnostics;
using SimCore.Driver;
using SimCore.Dynamics;
using SimCore.Entities;
using SimCore.Kpis;
using SimCore.Roads;
using SimCore.Simulation;
using SimCore.Traffic;

namespace SimCore.Scenarios;

/// <summary>A start position on a lane: road, lane id (negative right of the reference line), s along the road, lateral offset from the lane centre (m, positive left).</summary>
/// <param name="Road">Road id.</param>
/// <param name="Lane">Lane id; 0 (the centre line) is not a lane.</param>
/// <param name="S">Distance along the road's reference line (m).</param>
/// <param name="Offset">Lateral offset from the lane centre (m, positive left).</param>
public readonly record struct LanePlacement(string Road, int Lane, double S, double Offset = 0);

/// <summary>
/// Builds a <see cref="Scenario"/> in code, over the same model the YAML and OpenSCENARIO readers
/// fill: start from a loaded scenario (its roads, entities, storyboard, criteria and goal) or from
/// a road network, add entities, set the environment and run settings, and <see cref="Build"/>
/// checks it as the readers do. What a YAML scenario says with <c>entities:</c>, <c>environment:</c>,
/// <c>duration</c>, <c>step</c>, <c>seed</c> and <c>end_on_collision</c> means the same here.
/// </summary>
/// <remarks>
/// A built scenario shares the basis's storyboard and its run state: run one simulator at a time
/// over a basis and the scenarios built from it (as with one loaded scenario), or load the basis
/// once per simulator.
/// </remarks>
/// <example>
/// <code>
/// Scenario s = new ScenarioBuilder(ScenarioLoader.Load("scenarios/highway_cut_in.yaml"))
///     .AddTraffic("parked", EntityKind.Car, new LanePlacement("highway", -2, 400), speed: 0)
///     .WithEnvironment(new EnvironmentSettings { TimeOfDay = 21.5 })
///     .Build();
/// </code>
/// </example>
public sealed class ScenarioBuilder
{
    private readonly Scenario? _basis;
    private readonly RoadNetwork _network;
    private readonly List<EntityDefinition> _entities;
    private readonly SourceLocation _where;
    private string _name;
    private string _description;
    private double _duration;
    private double _step;
    private ulong _seed;
    private EnvironmentSettings _environment;
    private bool _endOnCollision;

    /// <summary>Starts from a loaded scenario: everything it declares is kept, and what is added comes after its entities.</summary>
    /// <param name="basis">The scenario to extend.</param>
    public ScenarioBuilder(Scenario basis)
    {
        ArgumentNullException.ThrowIfNull(basis);
        _basis = basis;
        _network = basis.Network;
        _entities = new List<EntityDefinition>(basis.Entities);
        _where = new SourceLocation(basis.SourceFile, 0, 0);
        _name = basis.Name;
        _description = basis.Description;
        _duration = basis.Duration;
        _step = basis.Step;
        _seed = basis.Seed;
        _environment = basis.Environment;
        _endOnCollision = basis.EndOnCollision;
    }

    /// <summary>Starts an empty scenario on <paramref name="network"/>: no entities, events or criteria (as a YAML scenario with none); a 0.01 s step.</summary>
    /// <param name="name">Scenario name (also where errors are reported from).</param>
    /// <param name="network">The roads.</param>
    /// <param name="duration">Longest simulated time (s).</param>
    public ScenarioBuilder(string name, RoadNetwork network, double duration)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
        _entities = new List<EntityDefinition>();
        _where = new SourceLocation(name, 0, 0);
        _name = name;
        _description = string.Empty;
        _duration = duration;
        _step = 0.01;
        _environment = new EnvironmentSettings();
        _endOnCollision = true;
    }

    /// <summary>Sets the one-line purpose.</summary>
    public ScenarioBuilder WithDescription(string description)
    {
        _description = description ?? throw new ArgumentNullException(nameof(description));
        return this;
    }

    /// <summary>Sets the longest simulated time (s, positive).</summary>
    public ScenarioBuilder WithDuration(double seconds)
    {
        _duration = seconds;
        return this;
    }

    /// <summary>Sets the default step (s, positive).</summary>
    public ScenarioBuilder WithStep(double seconds)
    {
        _step = seconds;
        return this;
    }

    /// <summary>Sets the default seed.</summary>
    public ScenarioBuilder WithSeed(ulong seed)
    {
        _seed = seed;
        return this;
    }

    /// <summary>Sets time of day and visibility (YAML <c>environment:</c>).</summary>
    public ScenarioBuilder WithEnvironment(EnvironmentSettings environment)
    {
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        return this;
    }

    /// <summary>Whether the first collision ends the run (YAML <c>end_on_collision</c>; default true).</summary>
    public ScenarioBuilder EndOnCollision(bool end)
    {
        _endOnCollision = end;
        return this;
    }

    /// <summary>
    /// Adds an entity the storyboard and its behaviour move (YAML: an entity without <c>driver</c>):
    /// with <paramref name="behavior"/> it follows its lane with IDM, otherwise it keeps its speed
    /// along its lane unless the storyboard says otherwise.
    /// </summary>
    /// <param name="name">Unique entity name.</param>
    /// <param name="kind">What it is; sizes and vehicle model are the kind's defaults (docs/scenario-format.md).</param>
    /// <param name="at">Start position.</param>
    /// <param name="speed">Start speed (m/s, non-negative).</param>
    /// <param name="behavior">IDM car following (YAML <c>behavior:</c>), or null.</param>
    public ScenarioBuilder AddTraffic(string name, EntityKind kind, LanePlacement at, double speed, IdmParameters? behavior = null)
    {
        _entities.Add(Entity(name, kind, at, speed) with { Idm = behavior });
        return this;
    }

    /// <summary>Adds the ego, driven by the reference driver (YAML <c>driver: reference</c>).</summary>
    /// <param name="name">Unique entity name.</param>
    /// <param name="kind">A car, truck or bus.</param>
    /// <param name="at">Start position.</param>
    /// <param name="speed">Start speed (m/s, non-negative).</param>
    /// <param name="driver">The driver's settings (YAML <c>driver:</c> mapping), or null for the defaults.</param>
    public ScenarioBuilder AddEgo(string name, EntityKind kind, LanePlacement at, double speed, ReferenceDriverSettings? driver = null)
    {
        _entities.Add(Entity(name, kind, at, speed) with { Driver = DriverKind.Reference, DriverSettings = driver });
        return this;
    }

    /// <summary>Adds the ego driven by a HIL target (YAML <c>driver: external</c>; <c>sim run --target</c>).</summary>
    /// <param name="name">Unique entity name.</param>
    /// <param name="kind">A car, truck or bus.</param>
    /// <param name="at">Start position.</param>
    /// <param name="speed">Start speed (m/s, non-negative).</param>
    public ScenarioBuilder AddExternalEgo(string name, EntityKind kind, LanePlacement at, double speed)
    {
        _entities.Add(Entity(name, kind, at, speed) with { Driver = DriverKind.External });
        return this;
    }

    private EntityDefinition Entity(string name, EntityKind kind, LanePlacement at, double speed)
    {
        ArgumentNullException.ThrowIfNull(name);
        VehicleParameters? vehicle = EntityDefinition.DefaultVehicle(kind);
        (double length, double width, double height, double offset) = EntityDefinition.DefaultDimensions(kind, vehicle);
        return new EntityDefinition(name, kind, _where)
        {
            Vehicle = vehicle,
            Length = length,
            Width = width,
            Height = height,
            CenterOffsetX = offset,
            Position = new LanePositionSpec(_where, at.Road ?? string.Empty, at.Lane, at.S, at.Offset, 0),
            Speed = speed,
        };
    }

    /// <summary>Checks the scenario as the readers do and returns it.</summary>
    /// <exception cref="InputException">Every problem found (names, positions, values), each naming the entity or setting.</exception>
    public Scenario Build()
    {
        var errors = new List<InputError>();
        void Error(string message) => errors.Add(new InputError(_where, message));
        if (!(_duration > 0) || !double.IsFinite(_duration))
        {
            Error($"'duration' must be a positive number of seconds, not {_duration}");
        }
        if (!(_step > 0) || !double.IsFinite(_step))
        {
            Error($"'step' must be a positive number of seconds, not {_step}");
        }
        if (!(_environment.TimeOfDay is >= 0 and < 24))
        {
            Error($"'time_of_day' is hours 0..24, not {_environment.TimeOfDay}");
        }
        if (!(_environment.Visibility > 0) || !double.IsFinite(_environment.Visibility))
        {
            Error($"'visibility' must be positive, not {_environment.Visibility}");
        }
        var declared = new HashSet<string>(StringComparer.Ordinal);
        int basisCount = _basis?.Entities.Count ?? 0;
        for (int i = 0; i < _entities.Count; i++)
        {
            EntityDefinition e = _entities[i];
            if (!declared.Add(e.Name))
            {
                Error($"entity name '{e.Name}' is used more than once");
            }
            if (i < basisCount)
            {
                continue; // the reader checked them
            }
            if (e.Vehicle is null && e.Driver != DriverKind.None)
            {
                Error($"entity '{e.Name}': only cars, trucks and buses can have a driver");
            }
            if (e.Kind == EntityKind.Obstacle)
            {
                Error($"entity '{e.Name}' is an obstacle: load it from a scenario, which gives its dimensions");
            }
            if (!(e.Speed >= 0) || !double.IsFinite(e.Speed))
            {
                Error($"'speed' of '{e.Name}' must be a non-negative number, not {e.Speed}");
            }
            if (e.Position is LanePositionSpec lp && (!double.IsFinite(lp.S) || !double.IsFinite(lp.Offset)))
            {
                Error($"position of '{e.Name}': s and offset must be finite numbers");
            }
            else if (e.Position is LanePositionSpec { LaneId: 0 })
            {
                Error($"position of '{e.Name}': lane 0 is the centre line, not a lane");
            }
            else if (e.Position.Check(_network, _ => true) is { } error)
            {
                Error($"position of '{e.Name}': {error}");
            }
        }
        List<EntityDefinition> egos = _entities.Where(e => e.IsEgo).ToList();
        if (egos.Count > 1)
        {
            Error($"only one entity can have a driver (the ego); '{egos[0].Name}' already has one, '{egos[1].Name}' too");
        }
        if (errors.Count > 0)
        {
            throw new InputException(errors);
        }
        return new Scenario(_name, _description, _basis?.SourceFile ?? _name, _duration, _step, _seed, _network, _entities.ToArray(),
            _basis?.Storyboard ?? Yaml.StoryboardReader.OfEvents([], null), _basis?.Criteria ?? Array.Empty<Criterion>(), _basis?.Goal,
            _environment, _endOnCollision, _basis?.Parameters ?? new Dictionary<string, ParameterValue>())
        {
            RigFile = _basis?.RigFile,
            SignalControllers = _basis?.SignalControllers ?? [],
        };
    }
}
