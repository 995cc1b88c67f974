using System.Globalization;
using SimCore.Collision;
using SimCore.Driver;
using SimCore.Entities;
using SimCore.Mathematics;
using SimCore.Roads;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SimCore.Kpis;

/// <summary>
/// Observes the ego every step and keeps the running KPIs: surrogate safety measures (TTC,
/// headway, lead distance), collisions, lane keeping, comfort, speed-limit compliance and goal
/// progress. Accelerations come from speed differences, so a brake held at standstill reads 0.
/// </summary>
internal sealed class KpiMonitor
{
    private readonly World _world;
    private readonly Entity _ego;
    private readonly Goal? _goal;
    private readonly ComfortBounds _comfort;
    private readonly List<CollisionRecord> _collisions = new();
    private double _goalStartDistance = double.NaN;
    private bool _first = true;
    private double _prevSpeed, _prevAccel, _prevYawRate;
    private bool _inDeparture, _offroadNow;
    private readonly bool _hasRoads;

    public KpiMonitor(World world, Entity ego, Goal? goal, ComfortBounds comfort)
    {
        _world = world;
        _ego = ego;
        _goal = goal;
        _comfort = comfort;
        MinSpeed = MaxSpeed = ego.Speed;
        _prevSpeed = ego.Speed;
        _hasRoads = world.Network.Roads.Count > 0;
    }

    /// <summary>KPIs measured against lanes: without a road network they do not apply (null, not 0, and no criterion fails on them).</summary>
    private static readonly string[] LaneKpis = { "lane_departures", "offroad_time", "overspeed_integral" };

    /// <summary>Why <paramref name="kpi"/> does not apply to this run, or null when it does.</summary>
    public string? NotApplicable(string kpi) => !_hasRoads && LaneKpis.Contains(kpi) ? "no road network" : null;

    public double MinTtc { get; private set; } = double.PositiveInfinity;
    public double MinThw { get; private set; } = double.PositiveInfinity;
    public double MinLeadDistance { get; private set; } = double.PositiveInfinity;
    public int EgoCollisions { get; private set; }
    public double MaxCollisionSpeed { get; private set; }
    public int LaneDepartures { get; private set; }
    public double OffroadTime { get; private set; }
    public double MaxAccel { get; private set; }
    public double MinAccel { get; private set; }
    public double MaxLatAccel { get; private set; }
    public double MaxJerk { get; private set; }
    public double MaxYawRate { get; private set; }
    public double MaxYawAccel { get; private set; }
    public double OverspeedIntegral { get; private set; }
    public double MinSpeed { get; private set; }
    public double MaxSpeed { get; private set; }
    public double? RouteCompletion { get; private set; }
    public bool GoalReached { get; private set; }
    public int AebActivations { get; private set; }
    private AebStage _lastAeb;

    public IReadOnlyList<CollisionRecord> Collisions => _collisions;

    private EgoMeasures? _last;

    /// <summary>The ego's state now with what the last <see cref="Observe"/> measured (only the state before the first).</summary>
    public EgoMeasures Now() => _last is { } m
        ? m with { Speed = _ego.Speed, LateralAcceleration = _ego.State.LateralAcceleration }
        : new EgoMeasures(_ego.Speed, _ego.State.LateralAcceleration, null, null, null, null, null, null);

    public static bool IsMinimumOfDistanceOrTime(string kpi) => kpi is "min_ttc" or "min_thw" or "min_lead_distance";

    public void RecordCollision(Entity a, Entity b)
    {
        double rel = (Measures.Velocity(a) - Measures.Velocity(b)).Length;
        bool ego = ReferenceEquals(a, _ego) || ReferenceEquals(b, _ego);
        _collisions.Add(new CollisionRecord(_world.Seconds, a.Name, b.Name, rel, ego));
        _world.Emit("collision", $"{a.Name}-{b.Name}", string.Create(CultureInfo.InvariantCulture, $"relative speed {rel:0.##} m/s"), a, b);
        if (ego)
        {
            EgoCollisions++;
            MaxCollisionSpeed = Math.Max(MaxCollisionSpeed, rel);
        }
    }

    public void Observe()
    {
        double dt = _world.Dt;
        Entity ego = _ego;
        double v = ego.Speed;
        double a = (v - _prevSpeed) / dt;
        MinSpeed = Math.Min(MinSpeed, v);
        MaxSpeed = Math.Max(MaxSpeed, v);
        if (!_first)
        {
            MaxAccel = Math.Max(MaxAccel, a);
            MinAccel = Math.Min(MinAccel, a);
            MaxJerk = Math.Max(MaxJerk, Math.Abs(a - _prevAccel) / dt);
            MaxYawAccel = Math.Max(MaxYawAccel, Math.Abs(ego.State.YawRate - _prevYawRate) / dt);
        }
        else
        {
            MaxAccel = Math.Max(0, a);
            MinAccel = Math.Min(0, a);
        }
        _first = false;
        _prevSpeed = v;
        _prevAccel = a;
        _prevYawRate = ego.State.YawRate;
        MaxLatAccel = Math.Max(MaxLatAccel, Math.Abs(ego.State.LateralAcceleration));
        MaxYawRate = Math.Max(MaxYawRate, Math.Abs(ego.State.YawRate));

        LeadObject? lead = ego.DriverActive ? ego.Driver!.Lead : LeadSelector.Find(ego, _world, null, 250.0);
        double? ttc = null, thw = null;
        if (lead is { } l)
        {
            MinLeadDistance = Math.Min(MinLeadDistance, l.Gap);
            if (l.ClosingSpeed > 1e-6)
            {
                ttc = l.Gap / l.ClosingSpeed;
                MinTtc = Math.Min(MinTtc, ttc.Value);
            }
            if (v > 0.5 && l.Entity.IsVehicle)
            {
                thw = l.Gap / v;
                MinThw = Math.Min(MinThw, thw.Value);
            }
        }
        AebStage aeb = ego.Driver?.Aeb ?? ego.ExternalAeb;
        if (aeb != AebStage.Off && _lastAeb == AebStage.Off)
        {
            AebActivations++;
        }
        _lastAeb = aeb;
        _last = new EgoMeasures(v, ego.State.LateralAcceleration, a, ttc, thw, lead?.Gap, lead?.Entity.Name, (int)aeb);

        ObserveLanes(dt);
        ObserveGoal();
    }

    private void ObserveLanes(double dt)
    {
        Entity ego = _ego;
        if (!_hasRoads)
        {
            return;
        }
        if (ego.Road is null)
        {
            OffroadTime += dt;
            return;
        }
        Road road = ego.Road;
        double laneHeading = ego.ReferenceHere().Heading + (ego.Direction < 0 ? Math.PI : 0);
        double phi = Angles.WrapPi(ego.State.Heading - laneHeading);
        // Along the lane (most steps) the angle is exactly zero: sin 0 = 0 (of phi's sign), cos 0 = 1.
        (double sinPhi, double cosPhi) = phi == 0 ? (phi, 1.0) : Math.SinCos(phi);
        // Lateral extent of the box across the lane: corners in the vehicle frame, rotated by the
        // heading relative to the lane. Borders are taken at the ego's s: over a car's length lane
        // widths change by millimetres.
        double xf = ego.CenterOffsetX + 0.5 * ego.Length, xr = ego.CenterOffsetX - 0.5 * ego.Length, hw = 0.5 * ego.Width;
        double a1 = xf * sinPhi + hw * cosPhi, a2 = xf * sinPhi - hw * cosPhi;
        double a3 = xr * sinPhi + hw * cosPhi, a4 = xr * sinPhi - hw * cosPhi;
        double lo = Math.Min(Math.Min(a1, a2), Math.Min(a3, a4));
        double hi = Math.Max(Math.Max(a1, a2), Math.Max(a3, a4));
        double tLo = ego.T + (ego.Direction > 0 ? lo : -hi);
        double tHi = ego.T + (ego.Direction > 0 ? hi : -lo);

        (int laneLo, int laneHi) = road.LaneIdsAt(ego.S, tLo, tHi, out LaneSection section);
        bool offroad = !IsDrivable(section, laneLo) || !IsDrivable(section, laneHi);
        bool changing = ego.Lateral is not null || (ego.DriverActive && ego.Driver!.IsChangingLane);
        int lane = ego.DriverActive ? ego.Driver!.TargetLane : ego.LaneId;
        bool departed = false;
        if (!changing && lane != 0 && road.TryGetLaneBorders(lane, ego.S, out double inner, out double outer))
        {
            double bLo = Math.Min(inner, outer), bHi = Math.Max(inner, outer);
            departed = tLo < bLo - 1e-6 || tHi > bHi + 1e-6;
        }
        if (offroad)
        {
            OffroadTime += dt;
            if (!_offroadNow)
            {
                _world.Emit("offroad", ego.Name, null, ego);
            }
        }
        _offroadNow = offroad;
        if (departed && !_inDeparture)
        {
            LaneDepartures++;
            _world.Emit("lane_departure", ego.Name, $"left lane {lane}", ego);
        }
        _inDeparture = departed;
        if (ego.LaneId != 0 && road.SpeedLimitAt(ego.S, ego.LaneId) is { } limit && ego.Speed > limit)
        {
            OverspeedIntegral += (ego.Speed - limit) * dt;
        }
    }

    private static bool IsDrivable(LaneSection section, int laneId)
    {
        LaneType type = laneId == 0 ? LaneType.None : section.GetLane(laneId)?.Type ?? LaneType.None;
        return type is LaneType.Driving or LaneType.Entry or LaneType.Exit or LaneType.OnRamp or LaneType.OffRamp;
    }

    private void ObserveGoal()
    {
        if (_goal is null || !_goal.Position.TryResolve(_world, out ResolvedPosition p, out _))
        {
            return;
        }
        double dist = DistanceToGoal(p);
        if (double.IsNaN(_goalStartDistance))
        {
            _goalStartDistance = Math.Max(dist, 1e-9);
        }
        // A goal given on a lane is reached in that lane only.
        bool rightLane = p.LaneId == 0 || !ReferenceEquals(p.Road, _ego.Road) || _ego.LaneId == p.LaneId;
        if (dist <= _goal.Radius && rightLane)
        {
            GoalReached = true;
        }
        double completion = GoalReached ? 1.0 : Math.Clamp(1.0 - dist / _goalStartDistance, 0.0, 1.0);
        RouteCompletion = Math.Max(RouteCompletion ?? 0.0, completion);
    }

    private double DistanceToGoal(ResolvedPosition p)
    {
        if (_ego.Road is not null && ReferenceEquals(p.Road, _ego.Road))
        {
            return Math.Abs(p.S - _ego.S);
        }
        double dx = p.X - _ego.State.X, dy = p.Y - _ego.State.Y;
        return Math.Sqrt(dx * dx + dy * dy);
    }

    public bool Comfortable(out List<string> violations)
    {
        violations = new List<string>();
        if (MaxAccel > _comfort.MaxLongitudinalAcceleration) violations.Add("longitudinal acceleration");
        if (MinAccel < _comfort.MinLongitudinalAcceleration) violations.Add("longitudinal deceleration");
        if (MaxLatAccel > _comfort.MaxLateralAcceleration) violations.Add("lateral acceleration");
        if (MaxYawRate > _comfort.MaxYawRate) violations.Add("yaw rate");
        if (MaxYawAccel > _comfort.MaxYawAcceleration) violations.Add("yaw acceleration");
        if (MaxJerk > _comfort.MaxLongitudinalJerk) violations.Add("longitudinal jerk");
        return violations.Count == 0;
    }

    /// <summary>The value of a KPI by name, for criteria (null when not measured).</summary>
    public double? Value(string kpi) => NotApplicable(kpi) is not null ? null : kpi switch
    {
        "collisions" => EgoCollisions,
        "max_collision_speed" => MaxCollisionSpeed,
        "min_ttc" => double.IsPositiveInfinity(MinTtc) ? null : MinTtc,
        "min_thw" => double.IsPositiveInfinity(MinThw) ? null : MinThw,
        "min_lead_distance" => double.IsPositiveInfinity(MinLeadDistance) ? null : MinLeadDistance,
        "lane_departures" => LaneDepartures,
        "offroad_time" => OffroadTime,
        "max_accel" => MaxAccel,
        "max_decel" => -MinAccel,
        "max_lat_accel" => MaxLatAccel,
        "max_jerk" => MaxJerk,
        "max_yaw_rate" => MaxYawRate,
        "overspeed_integral" => OverspeedIntegral,
        "route_completion" => RouteCompletion,
        "goal_reached" => _goal is null ? null : (GoalReached ? 1 : 0),
        "comfortable" => Comfortable(out _) ? 1 : 0,
        "traveled_distance" => _ego.Odometer,
        "min_speed" => MinSpeed,
        "max_speed" => MaxSpeed,
        "final_speed" => _ego.Speed,
        "aeb_activations" => AebActivations,
        _ => null,
    };

    /// <summary>Every KPI name with unit and description, in report order.</summary>
    public static readonly IReadOnlyList<(string Name, string Unit, string Description)> Catalogue = new[]
    {
        ("collisions", "", "collisions involving the ego"),
        ("max_collision_speed", "m/s", "largest relative speed at an ego collision"),
        ("min_ttc", "s", "smallest time to collision with the in-path object"),
        ("min_thw", "s", "smallest time headway to an in-path vehicle"),
        ("min_lead_distance", "m", "smallest bumper-to-bumper gap to the in-path object"),
        ("lane_departures", "", "times the ego left its lane without a lane change"),
        ("offroad_time", "s", "time with a box corner outside drivable lanes"),
        ("max_accel", "m/s^2", "largest longitudinal acceleration"),
        ("max_decel", "m/s^2", "largest longitudinal deceleration (positive)"),
        ("max_lat_accel", "m/s^2", "largest absolute lateral acceleration"),
        ("max_jerk", "m/s^3", "largest absolute longitudinal jerk"),
        ("max_yaw_rate", "rad/s", "largest absolute yaw rate"),
        ("overspeed_integral", "m", "integral of speed above the limit"),
        ("route_completion", "", "fraction of the way to the goal (0..1)"),
        ("goal_reached", "", "1 when the ego reached its goal"),
        ("comfortable", "", "1 when within nuPlan's comfort bounds"),
        ("traveled_distance", "m", "distance driven by the ego"),
        ("min_speed", "m/s", "lowest ego speed"),
        ("max_speed", "m/s", "highest ego speed"),
        ("final_speed", "m/s", "ego speed at the end"),
        ("aeb_activations", "", "times automatic emergency braking engaged"),
    };

    public IReadOnlyList<KpiValue> Report()
        => Catalogue.Select(k => new KpiValue(k.Name, Value(k.Name), k.Unit, k.Description) { NotApplicable = NotApplicable(k.Name) }).ToArray();
}
