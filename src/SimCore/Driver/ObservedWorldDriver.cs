using SimCore.Dynamics;
using SimCore.Entities;
using SimCore.Mathematics;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SimCore.Driver;

/// <summary>
/// The reference driver as a HIL target runs it (`sim target --driver reference`): it knows the
/// map, the entity list and the ego's driver settings from the scenario file, as a vehicle knows its
/// HD map and mission, and the moving world only as streamed to it each tick: the ego's state and
/// the objects of a ground-truth output. Objects absent from the latest output are not seen.
/// Storyboard actions on the ego (set-speed changes, lane changes) do not reach it.
/// </summary>
public sealed class ObservedWorldDriver
{
    /// <summary>Where unseen objects are parked: far beyond any perception range.</summary>
    private const double Away = 1e9;

    private readonly World _world;
    private readonly List<SimEvent> _detectionEvents = new();
    private World? _detected;
    private readonly Entity _ego;
    private readonly ReferenceDriver _driver;
    private readonly long[] _seenNs;
    private readonly double[] _lastSpeed;
    private readonly bool[] _observed;

    /// <summary>Builds the target's world from <paramref name="scenario"/>; its ego is the entity with a driver.</summary>
    /// <exception cref="InvalidOperationException">The scenario has no driven ego.</exception>
    public ObservedWorldDriver(Scenario scenario)
    {
        var sim = new Simulator(scenario, null, referenceDrivesExternal: true);
        _world = sim.World;
        _ego = _world.Ego is { Driver: ReferenceDriver } ego ? ego : throw new InvalidOperationException("the scenario has no driven ego (an entity with 'driver:')");
        _driver = (ReferenceDriver)_ego.Driver!;
        _seenNs = new long[_world.Entities.Length];
        _lastSpeed = new double[_world.Entities.Length];
        _observed = new bool[_world.Entities.Length];
        Array.Fill(_seenNs, long.MinValue);
        foreach (Entity e in _world.Entities)
        {
            if (!ReferenceEquals(e, _ego))
            {
                Hide(e);
            }
        }
    }

    /// <summary>The ego's wheelbase (m): its vehicle parameters', or 2.9 m (a mid-size car) for a scenario that gives none.</summary>
    public double Wheelbase => _ego.Vehicle?.Wheelbase ?? 2.9;

    /// <summary>Index of the ego in the scenario's entity list.</summary>
    public int EgoIndex => _ego.Index;

    /// <summary>Entities in the scenario (ids of observed objects are indices into it).</summary>
    public int EntityCount => _world.Entities.Length;

    /// <summary>The reference driver's AEB stage after the last <see cref="Drive"/>: 0 off, 1 partial, 2 full braking.</summary>
    public int AebStage => (int)_driver.Aeb;

    /// <summary>The reference driver's AEB and other events, as it logged them.</summary>
    public IReadOnlyList<SimEvent> Events => _detected is null ? _world.Log : _detectionEvents;

    /// <summary>The ego's state at <paramref name="timeNs"/> (world frame: m, rad, m/s, m/s^2, rad/s).</summary>
    public void ObserveEgo(long timeNs, double x, double y, double heading, double speed, double lateralSpeed, double acceleration, double yawRate, double steeringAngle)
    {
        _world.Time = new Timing.SimTime(timeNs);
        ref VehicleState s = ref _ego.State;
        (s.X, s.Y, s.Heading, s.Speed, s.LateralVelocity, s.Acceleration, s.YawRate, s.SteeringAngle) = (x, y, heading, speed, lateralSpeed, acceleration, yawRate, steeringAngle);
        RoadLocalizer.Localize(_ego, _world.Network);
    }

    /// <summary>Starts a new object list (a ground-truth output): objects not in it are no longer seen.</summary>
    public void BeginObjects() => Array.Clear(_observed);

    /// <summary>
    /// One object of the list: entity <paramref name="id"/>'s box centre and heading, and its
    /// reference point's velocity, in the world frame, as of <paramref name="timeNs"/>.
    /// </summary>
    /// <returns>False for an id that is not another entity of the scenario (ignored).</returns>
    public bool ObserveObject(long timeNs, int id, double centreX, double centreY, double heading, double vx, double vy)
    {
        if (id < 0 || id >= _world.Entities.Length || id == _ego.Index)
        {
            return false;
        }
        Entity e = _world.Entities[id];
        ref VehicleState s = ref e.State;
        Vec2 h = Vec2.FromAngle(heading);
        s.X = centreX - e.CenterOffsetX * h.X;
        s.Y = centreY - e.CenterOffsetX * h.Y;
        s.Heading = heading;
        s.Speed = vx * h.X + vy * h.Y;
        s.LateralVelocity = -vx * h.Y + vy * h.X;
        // The list carries no acceleration: the difference of speeds between lists estimates it.
        s.Acceleration = _seenNs[id] != long.MinValue && timeNs > _seenNs[id] ? (s.Speed - _lastSpeed[id]) / ((timeNs - _seenNs[id]) * 1e-9) : 0;
        if (timeNs != _seenNs[id])
        {
            (_seenNs[id], _lastSpeed[id]) = (timeNs, s.Speed);
        }
        RoadLocalizer.Localize(e, _world.Network);
        _observed[id] = true;
        return true;
    }

    /// <summary>Ends the object list: entities it did not have are out of sight.</summary>
    public void EndObjects()
    {
        foreach (Entity e in _world.Entities)
        {
            if (!ReferenceEquals(e, _ego) && !_observed[e.Index])
            {
                Hide(e);
                _seenNs[e.Index] = long.MinValue;
            }
        }
    }

    /// <summary>
    /// The objects a perception model detected at <paramref name="timeNs"/> (world frame), instead of
    /// an object list with scenario ids: from now on the driver sees only these, as anonymous
    /// objects with the detected boxes. Call after <see cref="ObserveEgo"/>, once per tick.
    /// </summary>
    public void ObserveDetections(long timeNs, ReadOnlySpan<DetectedObject> objects)
    {
        var entities = new Entity[objects.Length + 1];
        entities[0] = _ego;
        for (int i = 0; i < objects.Length; i++)
        {
            DetectedObject o = objects[i];
            // The box centre is the reference point: the detection knows no rear axle.
            var e = new Entity(_world.Entities.Length + i, "detection" + i, o.Kind, o.Length, o.Width, o.Height, 0);
            Vec2 h = Vec2.FromAngle(o.Heading);
            e.State.X = o.X;
            e.State.Y = o.Y;
            e.State.Heading = o.Heading;
            e.State.Speed = o.Vx * h.X + o.Vy * h.Y;
            e.State.LateralVelocity = -o.Vx * h.Y + o.Vy * h.X;
            e.Mode = o.Kind == EntityKind.Obstacle ? MotionMode.Static : MotionMode.Free;
            RoadLocalizer.Localize(e, _world.Network);
            entities[i + 1] = e;
        }
        _detected = new World(_world.Network, entities, _world.Dt, _world.Seed, _world.Environment) { Time = new Timing.SimTime(timeNs) };
    }

    /// <summary>The reference driver's demand for the observed world: road-wheel angle (rad) and acceleration (m/s^2).</summary>
    public (double SteeringAngle, double Acceleration) Drive()
    {
        World world = _detected ?? _world;
        int logged = world.Log.Count;
        ControlDemand d = _driver.ComputeDemand(_ego, world);
        if (_detected is not null)
        {
            _detectionEvents.AddRange(world.Log.Skip(logged));
        }
        return (d.SteeringAngle, d.Acceleration);
    }

    private static void Hide(Entity e)
    {
        e.State.X = Away;
        e.State.Y = Away;
        e.State.Speed = 0;
        e.State.Acceleration = 0;
        e.Road = null;
        e.OnRoad = false;
        e.LaneId = 0;
    }
}
