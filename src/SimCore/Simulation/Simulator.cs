using System.Globalization;
using SimCore.Collision;
using SimCore.Diagnostics;
using SimCore.Driver;
using SimCore.Dynamics;
using SimCore.Entities;
using SimCore.Kpis;
using SimCore.Mathematics;
using SimCore.Scenarios;
using SimCore.Storyboard.Actions;
using SimCore.Timing;
using SimCore.Traffic;

namespace SimCore.Simulation;

/// <summary>
/// Runs a scenario in fixed steps: storyboard, control, motion, collisions, KPIs, state hash.
/// Deterministic: the same scenario, seed and step give bit-identical states whatever the thread count.
/// </summary>
public sealed class Simulator
{
    private readonly Scenario _scenario;
    private readonly World _world;
    private readonly KpiMonitor? _kpis;
    private readonly long _totalSteps;
    private readonly int _threads;
    private readonly ParallelOptions? _parallel;
    private readonly Entity[] _driven;
    private readonly Entity[] _others;
    private readonly OrientedBox[] _boxes;
    private readonly Vec2[] _forwards;
    private readonly BroadPhase _broadPhase = new();
    private readonly List<(int A, int B)> _pairs = new();
    private readonly HashSet<long> _overlapping = new();
    private readonly List<(int A, int B)> _started = new();
    private readonly double?[] _criterionFailedAt;
    private readonly bool[] _decidableEarly;
    private readonly Action<int> _controlOther;
    private readonly Action<int> _moveAny;
    private StateHasher _hash;

    /// <summary>Prepares a run: places entities, resets the storyboard.</summary>
    /// <exception cref="InputException">A position cannot be resolved (e.g. relative to an entity not on a lane).</exception>
    public Simulator(Scenario scenario, SimulationOptions? options = null)
        : this(scenario, options, referenceDrivesExternal: false)
    {
    }

    /// <summary>
    /// <paramref name="referenceDrivesExternal"/>: an entity with <c>driver: external</c> gets the
    /// reference driver, as a HIL target running it sees that entity (<see cref="Driver.ObservedWorldDriver"/>).
    /// </summary>
    internal Simulator(Scenario scenario, SimulationOptions? options, bool referenceDrivesExternal)
    {
        options ??= new SimulationOptions();
        _scenario = scenario;
        double step = options.Step ?? scenario.Step;
        if (!(step > 0) || !double.IsFinite(step))
        {
            throw new InputException(new SourceLocation("--step", 0, 0), $"step must be a positive number of seconds, not {step}");
        }
        var stepWhere = new SourceLocation(options.Step is null ? scenario.SourceFile : "--step", 0, 0);
        if (step > scenario.Duration)
        {
            throw new InputException(stepWhere, $"step {step} s is longer than the scenario's duration {scenario.Duration} s");
        }
        if (step < MinStep)
        {
            // The clock counts whole nanoseconds: a step that rounds to a few of them is no step.
            throw new InputException(stepWhere, $"step {step} s is below the smallest step, {MinStep} s");
        }
        if (scenario.Duration / step > MaxSteps)
        {
            throw new InputException(stepWhere,
                $"duration {scenario.Duration} s at step {step} s is {scenario.Duration / step:G3} steps; a run takes at most {MaxSteps} (a step of at least {scenario.Duration / MaxSteps:G3} s)");
        }
        Step = SimTime.FromSeconds(step);
        Seed = options.Seed ?? scenario.Seed;
        _threads = Math.Max(1, options.Threads);
        _parallel = _threads > 1 ? new ParallelOptions { MaxDegreeOfParallelism = _threads } : null;
        _totalSteps = (long)Math.Round(scenario.Duration / Step.Seconds, MidpointRounding.AwayFromZero);

        Entity[] entities = scenario.Entities.Select((d, i) => CreateEntity(d, i, referenceDrivesExternal)).ToArray();
        _world = new World(scenario.Network, entities, Step.Seconds, Seed, scenario.Environment);
        PlaceEntities(scenario, entities);
        scenario.Storyboard.Reset();
        _world.Storyboard = scenario.Storyboard;
        _world.Signals = new Signals.TrafficSignalStates(scenario.Network, scenario.SignalControllers);
        _world.Signals.Advance(_world.Time);
        _driven = entities.Where(e => e.Driver is not null).ToArray();
        _others = entities.Where(e => e.Driver is null).ToArray();
        _boxes = new OrientedBox[entities.Length];
        _forwards = new Vec2[entities.Length];
        _criterionFailedAt = new double?[scenario.Criteria.Count];
        _decidableEarly = scenario.Criteria.Select(DecidableEarly).ToArray();
        _controlOther = i => EntityMotion.Control(_others[i], _world);
        _moveAny = i => EntityMotion.Move(_world.Entities[i], _world);
        if (_world.Ego is { } ego)
        {
            _kpis = new KpiMonitor(_world, ego, scenario.Goal, new ComfortBounds());
        }
        _world.Lanes.Rebuild(entities, scenario.Network);
        scenario.Storyboard.StartInit(_world);
        foreach (Entity e in entities)
        {
            EntityMotion.Settle(e, _world);
            // Init's moves (a trajectory's start) are the placement's last: the rear axle follows them.
            if (e.TrailingDistance > 0)
            {
                TrailingAxle.Settle(e);
            }
        }
        _world.LogSignalChanges();
        _hash = new StateHasher(Seed);
        HashState();
        _world.Lanes.Rebuild(entities, scenario.Network);
        DetectCollisions();
    }

    /// <summary>The smallest step (1 µs): the clock counts whole nanoseconds.</summary>
    public const double MinStep = 1e-6;

    /// <summary>
    /// The most steps a run may take (10 million: a day at 0.01 s is 8.6 million). A run asks for
    /// its work up front; a tiny step over a long duration would write trajectories until the disk is full.
    /// </summary>
    public const long MaxSteps = 10_000_000;

    /// <summary>Fixed step.</summary>
    public SimTime Step { get; }

    /// <summary>Seed in use.</summary>
    public ulong Seed { get; }

    /// <summary>Current simulation time.</summary>
    public SimTime Time => _world.Time;

    /// <summary>Steps taken so far.</summary>
    public long Steps => _world.StepIndex;

    /// <summary>True once a stop condition, a collision (when configured) or the duration ended the run.</summary>
    public bool Finished { get; private set; }

    /// <summary>Why the run ended (<see cref="SimCore.Simulation.EndReason.Running"/> while running).</summary>
    public EndReason EndReason { get; private set; }

    /// <summary>
    /// True once the run has ended with a state nobody has observed yet: the duration or a collision
    /// ended it after its last step. A stop trigger ends it before the step, so the last state is the
    /// one already observed. Whoever observes every state (sensors, outputs) observes this one too.
    /// </summary>
    public bool EndedWithNewState => Finished && EndReason != EndReason.StopTrigger;

    /// <summary>Index of the ego (the entity with a driver, or the storyboard's ego), or -1 when the scenario has none.</summary>
    public int EgoIndex => _world.Ego?.Index ?? -1;

    /// <summary>Detail of the end.</summary>
    public string? EndDetail { get; private set; }

    /// <summary>Number of entities.</summary>
    public int EntityCount => _world.Entities.Length;

    /// <summary>The world (for code that drives from outside the step loop).</summary>
    internal World World => _world;

    /// <summary>
    /// The ego's speed now and what the KPI monitor measured on it in the last step (TTC, headway,
    /// lead, acceleration, AEB stage); null without an ego.
    /// </summary>
    public EgoMeasures? EgoMeasures => _kpis?.Now();

    /// <summary>The running state hash.</summary>
    public ulong StateHash => _hash.Value;

    private static Entity CreateEntity(EntityDefinition d, int index, bool referenceDrivesExternal)
    {
        var e = new Entity(index, d.Name, d.Kind, d.Length, d.Width, d.Height, d.CenterOffsetX)
        {
            Vehicle = d.Vehicle,
            IsEgo = d.IsEgo,
            Idm = d.Idm,
            TrailingDistance = d.TrailingDistance,
        };
        if (d.Driver != DriverKind.None)
        {
            VehicleParameters p = d.Vehicle ?? VehicleParameters.CommonRoadVehicle2;
            e.Vehicle = p;
            e.Model = d.Model == VehicleModelKind.Kinematic ? new KinematicSingleTrack(p) : new DynamicSingleTrack(p);
            e.Mode = MotionMode.Dynamics;
            if (d.Driver == DriverKind.Reference || (d.Driver == DriverKind.External && referenceDrivesExternal))
            {
                e.Driver = new ReferenceDriver(d.DriverSettings ?? new ReferenceDriverSettings());
            }
        }
        else
        {
            e.Mode = d.Kind == EntityKind.Obstacle ? MotionMode.Static : MotionMode.LaneBound;
            if (d.Idm is not null)
            {
                e.Longitudinal = IdmControl.Instance;
            }
        }
        return e;
    }

    private void PlaceEntities(Scenario scenario, Entity[] entities)
    {
        var errors = new List<InputError>();
        foreach (int i in PlacementOrder(scenario.Entities))
        {
            Entity e = entities[i];
            EntityDefinition d = scenario.Entities[i];
            if (d.StartsAbsent)
            {
                // Out of the simulation until an AddEntityAction places it.
                e.Present = false;
                continue;
            }
            if (!d.Position.TryResolve(_world, out ResolvedPosition p, out string? error))
            {
                errors.Add(new InputError(d.Position.Where, $"position of '{d.Name}': {error}"));
                continue;
            }
            TeleportAction.Place(e, p, _world);
            e.Teleported = false;
            if (e.Mode == MotionMode.LaneBound && (p.Road is null || p.LaneId == 0))
            {
                e.Mode = MotionMode.Free;
            }
            e.State.Speed = d.Speed;
            e.TargetSpeed = d.Speed;
            double? limit = p.Road is not null && p.LaneId != 0 ? p.Road.SpeedLimitAt(p.S, p.LaneId) : null;
            e.CruiseSpeed = limit ?? d.Speed;
            if (e.Driver is { } driver)
            {
                driver.UseNetwork(scenario.Network, e);
                driver.Reset(e);
                driver.CruiseSpeed = d.DriverSettings?.CruiseSpeed ?? (d.Speed > 0 ? d.Speed : limit ?? 13.9);
            }
        }
        if (errors.Count > 0)
        {
            throw new InputException(errors);
        }
    }

    /// <summary>
    /// Declaration order, except that an entity placed relative to another comes after it (OpenSCENARIO
    /// files may refer to a later entity; esmini reorders its Init the same way). A cycle keeps the
    /// declaration order, and the position that cannot resolve reports it.
    /// </summary>
    private static List<int> PlacementOrder(IReadOnlyList<EntityDefinition> defs)
    {
        var order = new List<int>(defs.Count);
        var placed = new bool[defs.Count];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < defs.Count; i++)
        {
            index.TryAdd(defs[i].Name, i);
        }
        // Follow each chain of references to its end and place it from there (no recursion: a chain
        // may be as long as the entity list); a cycle stops where it comes back.
        var chain = new List<int>();
        var inChain = new bool[defs.Count];
        for (int i = 0; i < defs.Count; i++)
        {
            chain.Clear();
            for (int cur = i; cur >= 0 && !placed[cur] && !inChain[cur];)
            {
                chain.Add(cur);
                inChain[cur] = true;
                cur = defs[cur].Position.ReferencedEntity is { } r && index.TryGetValue(r, out int j) ? j : -1;
            }
            for (int k = chain.Count - 1; k >= 0; k--)
            {
                placed[chain[k]] = true;
                inChain[chain[k]] = false;
                order.Add(chain[k]);
            }
        }
        return order;
    }

    /// <summary>
    /// Hands the driving of entity <paramref name="index"/> (one driven by vehicle dynamics) to an
    /// outside controller, such as a HIL target: its reference driver stops, and
    /// <see cref="SetDemand"/> says what its actuators are asked for from then on (zero until set).
    /// </summary>
    /// <exception cref="ArgumentException">The entity is not driven by vehicle dynamics.</exception>
    public void UseExternalDriver(int index)
    {
        Entities.Entity e = _world.Entities[index];
        if (e.Mode != Entities.MotionMode.Dynamics || e.Model is null)
        {
            throw new ArgumentException($"entity '{e.Name}' is not driven by vehicle dynamics (it needs 'driver:' in the scenario)", nameof(index));
        }
        e.Driver = null;
        e.Demand = new Dynamics.ControlDemand(0, 0);
    }

    /// <summary>Sets the steering angle (rad, left positive) and acceleration (m/s^2) demanded of an externally driven entity for the next steps; the actuator limits still apply.</summary>
    /// <exception cref="ArgumentException">Not finite, or the entity's driver is not external.</exception>
    public void SetDemand(int index, double steeringAngle, double acceleration)
    {
        Entities.Entity e = _world.Entities[index];
        if (e.Driver is not null || e.Mode != Entities.MotionMode.Dynamics)
        {
            throw new ArgumentException($"entity '{e.Name}' is not externally driven (call UseExternalDriver first)", nameof(index));
        }
        if (!double.IsFinite(steeringAngle) || !double.IsFinite(acceleration))
        {
            throw new ArgumentException($"demand for '{e.Name}' must be finite (steering {steeringAngle}, acceleration {acceleration})");
        }
        e.Demand = new Dynamics.ControlDemand(steeringAngle, acceleration);
    }

    /// <summary>Entity <paramref name="index"/>'s vehicle parameters (wheelbase, overhangs), or null for an entity without vehicle dynamics.</summary>
    public Dynamics.VehicleParameters? VehicleParametersOf(int index) => _world.Entities[index].Vehicle;

    /// <summary>
    /// The state of traffic signal <paramref name="signalId"/> now: the OpenSCENARIO text (per lamp
    /// on, off or flashing, separated by ';'), "" until something sets it, null for a signal that
    /// is not dynamic or not in the network.
    /// </summary>
    public string? SignalState(string signalId) => _world.Signals.StateOf(signalId);

    /// <summary>
    /// What entity <paramref name="index"/>'s driver demanded for the last step (road-wheel angle in
    /// rad, acceleration in m/s^2, AEB stage 0 off / 1 partial / 2 full): for the reference driver
    /// the demand it computed from the state before that step, for an external driver the one it set.
    /// Zero before the first step.
    /// </summary>
    public (double SteeringAngle, double Acceleration, int AebStage) LastDemand(int index)
    {
        Entities.Entity e = _world.Entities[index];
        return (e.Demand.SteeringAngle, e.Demand.Acceleration, (int)(e.Driver?.Aeb ?? e.ExternalAeb));
    }

    /// <summary>
    /// The automatic emergency braking stage an external driver reports for entity
    /// <paramref name="index"/>: 0 off, 1 partial braking, 2 full braking. A rise is logged as an
    /// "aeb" event and counts in the aeb_activations KPI, as the reference driver's own AEB does.
    /// </summary>
    /// <exception cref="ArgumentException">The stage is not 0, 1 or 2, or the entity is not externally driven.</exception>
    public void ReportAeb(int index, int stage)
    {
        Entities.Entity e = _world.Entities[index];
        if (e.Driver is not null || e.Mode != Entities.MotionMode.Dynamics)
        {
            throw new ArgumentException($"entity '{e.Name}' is not externally driven", nameof(index));
        }
        if (stage is < 0 or > 2)
        {
            throw new ArgumentException($"AEB stage {stage} is not 0 (off), 1 (partial) or 2 (full)", nameof(stage));
        }
        var s = (Driver.AebStage)stage;
        if (s > e.ExternalAeb)
        {
            _world.Emit("aeb", s == Driver.AebStage.Full ? "full_brake" : "partial_brake", "reported by the external driver", e);
        }
        e.ExternalAeb = s;
    }

    /// <summary>Advances one step. Returns false once the run has finished.</summary>
    public bool Advance()
    {
        if (Finished)
        {
            return false;
        }
        World w = _world;
        // Triggers see the state and the clock at the start of the step (time t), and the actions
        // they start act over the step to t + dt: esmini's order, so "time > 0" first holds in the
        // second step and an event logged at t changes the state recorded at t + dt.
        w.Signals.Advance(w.Time);
        w.Storyboard!.Step(w);
        w.LogSignalChanges();
        if (w.Storyboard.Stopped)
        {
            Finish(EndReason.StopTrigger, w.Storyboard.StopReason);
            return false;
        }
        w.StepIndex++;
        w.Time = new SimTime(w.StepIndex * Step.Nanoseconds);

        w.Lanes.Rebuild(w.Entities, w.Network);
        // Drivers log events, so they run in entity order on this thread; the rest may run in parallel.
        foreach (Entity e in _driven)
        {
            EntityMotion.Control(e, w);
        }
        if (_parallel is not null && _others.Length >= 64)
        {
            Parallel.For(0, _others.Length, _parallel, _controlOther);
            Parallel.For(0, w.Entities.Length, _parallel, _moveAny);
        }
        else
        {
            foreach (Entity e in _others)
            {
                EntityMotion.Control(e, w);
            }
            foreach (Entity e in w.Entities)
            {
                EntityMotion.Move(e, w);
            }
        }

        DetectCollisions();
        _kpis?.Observe();
        HashState();
        CheckCriteria();

        if (_scenario.EndOnCollision && _kpis is not null && _kpis.EgoCollisions > 0)
        {
            Finish(EndReason.Collision, _kpis.Collisions[^1] is var c ? $"{c.EntityA} and {c.EntityB}" : null);
        }
        else if (w.StepIndex >= _totalSteps)
        {
            Finish(EndReason.Duration, null);
        }
        return !Finished;
    }

    private void Finish(EndReason reason, string? detail)
    {
        Finished = true;
        EndReason = reason;
        EndDetail = detail;
    }

    private void HashState()
    {
        _hash.Add(_world.Time.Nanoseconds);
        foreach (Entity e in _world.Entities)
        {
            _hash.Add(e);
        }
    }

    private void DetectCollisions()
    {
        Entity[] entities = _world.Entities;
        for (int i = 0; i < entities.Length; i++)
        {
            // One sincos per entity serves its box, its bounds and the overlap test.
            Entity e = entities[i];
            _forwards[i] = Vec2.FromAngle(e.State.Heading);
            _boxes[i] = OrientedBox.FromVehicle(e.State.X, e.State.Y, e.State.Heading, e.Length, e.Width, e.CenterOffsetX, _forwards[i]);
        }
        _broadPhase.FindOverlappingPairs(_boxes, _forwards, _pairs);
        _overlapping.Clear();
        foreach ((int a, int b) in _pairs)
        {
            if (entities[a].Present && entities[b].Present && BoxCollision.Overlaps(_boxes[a], _boxes[b], _forwards[a], _forwards[b]))
            {
                _overlapping.Add(World.Key(a, b));
            }
        }
        _world.SetColliding(_overlapping, _started);
        foreach ((int a, int b) in _started)
        {
            if (_kpis is not null)
            {
                _kpis.RecordCollision(entities[a], entities[b]);
            }
            else
            {
                _world.Emit("collision", $"{entities[a].Name}-{entities[b].Name}", null, entities[a], entities[b]);
            }
        }
    }

    private void CheckCriteria()
    {
        if (_kpis is null)
        {
            return;
        }
        IReadOnlyList<Criterion> criteria = _scenario.Criteria;
        for (int i = 0; i < criteria.Count; i++)
        {
            Criterion c = criteria[i];
            if (_criterionFailedAt[i] is not null || !_decidableEarly[i])
            {
                continue;
            }
            double? v = _kpis.Value(c.Kpi);
            if (v is not null && !c.Passes(v))
            {
                _criterionFailedAt[i] = _world.Seconds;
                _world.Emit("criterion_failed", c.Text, string.Create(CultureInfo.InvariantCulture, $"{c.Kpi} = {v:0.###}"));
            }
        }
    }

    /// <summary>
    /// True when a violation can never be undone later in the run: a running minimum only falls,
    /// so "min_x &gt;= v" fails for good; a running maximum or a counter only rises, so "max_x &lt;= v"
    /// does. Everything else is judged at the end.
    /// </summary>
    private static bool DecidableEarly(Criterion c)
    {
        bool falls = c.Kpi.StartsWith("min_", StringComparison.Ordinal);
        bool rises = c.Kpi.StartsWith("max_", StringComparison.Ordinal)
            || c.Kpi is "collisions" or "lane_departures" or "offroad_time" or "overspeed_integral" or "aeb_activations";
        return (falls && c.Rule is Storyboard.Rule.GreaterThan or Storyboard.Rule.GreaterOrEqual)
            || (rises && c.Rule is Storyboard.Rule.LessThan or Storyboard.Rule.LessOrEqual);
    }

    /// <summary>
    /// Runs to the end and returns the result. To see every state on the way (sensors, outputs),
    /// run it through SensorModels' StepStages, or call <see cref="Advance"/> and observe the
    /// state after each call that returns true, and once more when <see cref="EndedWithNewState"/>.
    /// </summary>
    public RunResult Run()
    {
        while (Advance())
        {
        }
        return Result();
    }

    /// <summary>The result so far (complete once <see cref="Finished"/>).</summary>
    public RunResult Result()
    {
        var criteria = new List<CriterionResult>();
        for (int i = 0; i < _scenario.Criteria.Count; i++)
        {
            Criterion c = _scenario.Criteria[i];
            double? v = _kpis?.Value(c.Kpi);
            string? notApplicable = _kpis?.NotApplicable(c.Kpi);
            bool passed = notApplicable is not null || c.Passes(v);
            if (!passed && _criterionFailedAt[i] is null)
            {
                _criterionFailedAt[i] = _world.Seconds;
                _world.Emit("criterion_failed", c.Text, v is null ? $"{c.Kpi} not measured" : string.Create(CultureInfo.InvariantCulture, $"{c.Kpi} = {v:0.###}"));
            }
            criteria.Add(new CriterionResult(c.Text, c.Kpi, Storyboard.Rules.Symbol(c.Rule), c.Threshold, v, passed, passed ? null : _criterionFailedAt[i])
            {
                Source = c.Source,
                NotApplicable = notApplicable,
            });
        }
        List<string> comfort = new();
        _kpis?.Comfortable(out comfort);
        return new RunResult
        {
            Scenario = _scenario.Name,
            File = _scenario.SourceFile,
            Status = criteria.All(c => c.Passed) ? RunStatus.Pass : RunStatus.Fail,
            EndReason = EndReason,
            EndDetail = EndDetail,
            Seed = Seed,
            Step = Step.Seconds,
            Steps = _world.StepIndex,
            SimTime = _world.Seconds,
            Threads = _threads,
            StateHash = StateHash.ToString("x16", CultureInfo.InvariantCulture),
            Criteria = criteria,
            Kpis = _kpis?.Report() ?? Array.Empty<KpiValue>(),
            ComfortViolations = comfort,
            Collisions = _kpis?.Collisions.ToArray() ?? Array.Empty<CollisionRecord>(),
            Events = _world.Log.ToArray(),
        };
    }

    /// <summary>Writes every entity's current state into <paramref name="into"/> (length at least <see cref="EntityCount"/>).</summary>
    public void GetSnapshot(Span<EntitySnapshot> into)
    {
        Entity[] entities = _world.Entities;
        for (int i = 0; i < entities.Length; i++)
        {
            Entity e = entities[i];
            bool road = e.Road is not null;
            double z = road ? e.Road!.ElevationAt(e.S) : 0.0;
            double pitch = 0;
            if (road)
            {
                // Grade along the road times how much of it lies along the heading.
                double rel = e.State.Heading - e.Road!.ReferenceLine.Evaluate(e.S).Heading;
                pitch = Math.Atan(e.Road.Elevation.Derivative(e.S) * Math.Cos(rel));
            }
            into[i] = new EntitySnapshot(e.Name, e.State.X, e.State.Y, z, Angles.WrapTwoPi(e.State.Heading), e.State.Speed,
                road, e.Road?.Id, road ? e.S : 0, road ? e.LaneId : 0, road ? e.LaneOffset : 0)
            {
                Id = e.Index,
                Kind = e.Kind,
                IsEgo = e.IsEgo,
                Pitch = pitch,
                LateralVelocity = e.State.LateralVelocity,
                YawRate = e.State.YawRate,
                Acceleration = e.State.Acceleration,
                LateralAcceleration = e.State.LateralAcceleration,
                SteeringAngle = e.State.SteeringAngle,
                Length = e.Length,
                Width = e.Width,
                Height = e.Height,
                CenterOffsetX = e.CenterOffsetX,
                CenterOfGravityX = e.Vehicle?.DistanceCgToRear ?? e.CenterOffsetX,
                Lights = e.Lights?.LitAt(_world.Time.Nanoseconds) ?? Entities.VehicleLights.None,
                LightsSet = e.Lights is not null,
                Removed = !e.Present,
                HiddenFromSensors = e.HiddenFromSensors,
                HiddenFromGraphics = e.HiddenFromGraphics,
            };
        }
    }
}
