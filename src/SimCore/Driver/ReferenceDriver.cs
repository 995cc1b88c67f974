using SimCore.Dynamics;
using SimCore.Entities;
using SimCore.Mathematics;
using SimCore.Roads;
using SimCore.Simulation;
using SimCore.Traffic;

namespace SimCore.Driver;

/// <summary>
/// The in-process stand-in for the target computer: adaptive cruise control with a time gap (IDM
/// law, collision-free by construction), two-stage automatic emergency braking on time to
/// collision, and pure-pursuit lane keeping along the planned lateral path, which a lane change
/// request reshapes.
/// </summary>
internal sealed class ReferenceDriver
{
    private readonly ReferenceDriverSettings _settings;
    private readonly Func<Road, double, double> _pathT;
    private int _lane;
    private LaneChangePlan? _change;
    private bool _aebLatched;
    private IdmParameters? _idm;
    private double _lastAccDemand;
    private Road? _road;

    public ReferenceDriver(ReferenceDriverSettings settings)
    {
        _settings = settings;
        _pathT = PathT;
    }

    public double CruiseSpeed { get; set; }

    public double TargetLaneOffset { get; set; }

    public bool IsChangingLane => _change is not null;

    public int TargetLane => _change?.Lane ?? _lane;

    /// <summary>True while AEB brakes (partial or full).</summary>
    public AebStage Aeb { get; private set; }

    /// <summary>The object the driver reacted to in the last step.</summary>
    public LeadObject? Lead { get; private set; }

    public ReferenceDriverSettings Settings => _settings;

    /// <summary>A trajectory to follow instead of the lane (FollowTrajectoryAction in follow mode); cleared once passed.</summary>
    public TrajectoryTarget? Trajectory { get; set; }

    public void Reset(Entity ego)
    {
        Trajectory = null;
        _road = ego.Road;
        _lane = ego.LaneId;
        TargetLaneOffset = ego.LaneOffset;
        _change = null;
        _aebLatched = false;
        _lastAccDemand = 0;
    }

    public void RequestLaneChange(Entity ego, int lane, double offset, TransitionDynamics dynamics)
    {
        double t0 = ego.Road is null ? ego.T : PathT(ego.Road, ego.S);
        double t1 = ego.Road!.LaneCenterT(lane, ego.S) + offset;
        double v = Math.Max(ego.Speed, 1.0);
        double span = dynamics.Dimension switch
        {
            TransitionDimension.Distance => dynamics.Value,
            TransitionDimension.Time => dynamics.Value * v,
            _ => dynamics.Value > 0 ? Math.Abs(t1 - t0) / dynamics.Value * v : 0,
        };
        _change = new LaneChangePlan(ego.Road, ego.S, ego.Direction, t0, lane, offset, Math.Max(span, 1e-3), dynamics.Shape);
    }

    public void CancelLaneChange(Entity ego)
    {
        if (_change is not null && ego.LaneId != 0)
        {
            _lane = ego.LaneId;
        }
        _change = null;
    }

    /// <summary>Lateral coordinate of the planned path at s on a road.</summary>
    public double PathT(Road road, double s)
    {
        int lane = _lane;
        double offset = TargetLaneOffset;
        if (_change is { } c && ReferenceEquals(road, c.Road))
        {
            double x = (s - c.S0) * c.Direction / c.Span;
            double target = road.HasLane(c.Lane, s) ? road.LaneCenterT(c.Lane, s) + c.Offset : c.T0;
            if (x < 1.0)
            {
                return c.T0 + (target - c.T0) * TransitionDynamics.Evaluate(c.Shape, Math.Max(x, 0.0));
            }
            return target;
        }
        if (_change is { } c2)
        {
            lane = c2.Lane;
            offset = c2.Offset;
        }
        if (!road.HasLane(lane, s))
        {
            (int min, int max) = road.LaneIdRange(s);
            lane = lane < 0 ? Math.Max(lane, min) : Math.Min(lane, max);
            if (lane == 0 || !road.HasLane(lane, s))
            {
                return road.LaneOffset.Evaluate(s);
            }
        }
        return road.LaneCenterT(lane, s) + offset;
    }

    public ControlDemand ComputeDemand(Entity ego, World world)
    {
        VehicleParameters p = ego.Vehicle!;
        if (!ReferenceEquals(ego.Road, _road))
        {
            // Onto a new road (a link or a junction): lane ids may differ there; keep the lane the
            // car is in, and drop a lane change planned on the old road.
            _road = ego.Road;
            _change = null;
            if (ego.LaneId != 0)
            {
                _lane = ego.LaneId;
            }
        }
        if (_change is { } c && ego.Road is not null && ReferenceEquals(ego.Road, c.Road) && (ego.S - c.S0) * c.Direction >= c.Span)
        {
            _lane = c.Lane;
            TargetLaneOffset = c.Offset;
            _change = null;
        }
        if (Trajectory is { } trajectory)
        {
            trajectory.Track(ego);
            if (trajectory.Finished)
            {
                // Passed its end: keep the lane the car is in now.
                Trajectory = null;
                _lane = ego.LaneId != 0 ? ego.LaneId : _lane;
                TargetLaneOffset = ego.LaneOffset;
                _change = null;
            }
        }
        double accel = Longitudinal(ego, world, p);
        double steer = Trajectory is { } t ? Steer(ego, t.Ahead(LookAhead(ego)), p) : Lateral(ego, p);
        return new ControlDemand(steer, accel);
    }

    private double Longitudinal(Entity ego, World world, VehicleParameters p)
    {
        double v = ego.Speed;
        double vSet = Trajectory?.SetSpeed(world.Seconds) ?? CruiseSpeed;
        if (ego.Road is not null)
        {
            if (_settings.ObeySpeedLimit && ego.LaneId != 0 && ego.Road.SpeedLimitAt(ego.S, ego.LaneId) is { } limit)
            {
                vSet = Math.Min(vSet, limit);
            }
            vSet = Math.Min(vSet, CurveSpeed(ego));
        }
        Lead = LeadSelector.Find(ego, world, _pathT, world.Environment.PerceptionRange);
        IdmParameters idm = _idm ??= new IdmParameters
        {
            TimeHeadway = _settings.TimeGap,
            MinimumGap = _settings.StandstillGap,
            MaxAcceleration = _settings.MaxAcceleration,
            ComfortableDeceleration = _settings.ComfortDeceleration,
            MaxDeceleration = p.MaxDeceleration,
        };
        double a = Lead is { } l
            ? idm.AccAcceleration(v, vSet, l.Gap, l.LeadSpeed, l.Entity.State.Acceleration, true)
            : idm.Acceleration(v, vSet, double.PositiveInfinity, 0, false);
        // ACC authority is limited (ISO 15622); harder braking is AEB's job below.
        a = Math.Clamp(a, -_settings.MaxAccDeceleration, _settings.MaxAcceleration);
        // ACC demand changes no faster than the ISO 15622 jerk limit; AEB bypasses it.
        double maxStep = _settings.MaxAccJerk * world.Dt;
        a = Math.Clamp(a, _lastAccDemand - maxStep, _lastAccDemand + maxStep);
        _lastAccDemand = a;

        AebStage stage = AebStage.Off;
        if (Lead is { } lead && lead.ClosingSpeed > 0.1)
        {
            double ttc = lead.Gap / lead.ClosingSpeed;
            if (ttc < _settings.AebFullBrakeTtc)
            {
                stage = AebStage.Full;
            }
            else if (ttc < _settings.AebWarningTtc)
            {
                stage = AebStage.Partial;
            }
        }
        if (_aebLatched && Lead is { ClosingSpeed: > 0 } && v > 0.05)
        {
            stage = AebStage.Full;
        }
        _aebLatched = stage == AebStage.Full;
        if (stage > Aeb)
        {
            world.Emit("aeb", stage == AebStage.Full ? "full_brake" : "partial_brake",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"gap {Lead!.Value.Gap:0.##} m, closing {Lead.Value.ClosingSpeed:0.##} m/s"),
                ego, Lead.Value.Entity);
        }
        Aeb = stage;
        double fullBrake = Math.Min(p.MaxDeceleration, 0.95 * p.FrictionCoefficient * PhysicalConstants.Gravity);
        return stage switch
        {
            AebStage.Full => -fullBrake,
            AebStage.Partial => Math.Min(a, -_settings.AebPartialDeceleration),
            _ => a,
        };
    }

    private double CurveSpeed(Entity ego)
    {
        Road road = ego.Road!;
        double horizon = Math.Max(3.0 * ego.Speed, 20.0);
        double kMax = road.ReferenceLine.MaxAbsCurvature(ego.S, ego.S + ego.Direction * horizon);
        return kMax > 1e-6 ? Math.Sqrt(_settings.MaxLateralAcceleration / kMax) : double.PositiveInfinity;
    }

    private double Lateral(Entity ego, VehicleParameters p)
    {
        if (ego.Road is null)
        {
            return 0.0;
        }
        double ld = LookAhead(ego);
        Road road = ego.Road;
        double s = ego.S + ego.Direction * ld;
        Pose2 target;
        if ((s > road.Length || s < 0) && _findNext(road, TargetLane, s > road.Length, out Road next, out int nextLane, out bool entersAtStart)
            && next.HasLane(nextLane, entersAtStart ? 0 : next.Length))
        {
            // Past the end: aim along the lane this one continues onto (through a junction too).
            double over = s > road.Length ? s - road.Length : -s;
            double sNext = Math.Clamp(entersAtStart ? over : next.Length - over, 0, next.Length);
            bool flip = (entersAtStart ? 1 : -1) != ego.Direction;
            double t = next.HasLane(nextLane, sNext) ? next.LaneCenterT(nextLane, sNext) + (flip ? -TargetLaneOffset : TargetLaneOffset) : next.LaneOffset.Evaluate(sNext);
            target = next.ToWorld(sNext, t);
        }
        else
        {
            // Within the road, or at an end with nowhere to go (aim at the end of the lane).
            s = Math.Clamp(s, 0, road.Length);
            target = road.ToWorld(s, PathT(road, s));
        }
        return Steer(ego, target.Position, p);
    }

    private double LookAhead(Entity ego) => Math.Max(_settings.MinLookAhead, _settings.LookAheadTime * ego.Speed);

    /// <summary>Pure pursuit: the road-wheel angle that turns the car onto an arc through <paramref name="target"/>.</summary>
    private static double Steer(Entity ego, Vec2 target, VehicleParameters p)
    {
        Vec2 d = new Vec2(target.X - ego.State.X, target.Y - ego.State.Y);
        double alpha = Angles.WrapPi(Math.Atan2(d.Y, d.X) - ego.State.Heading);
        double l = Math.Max(d.Length, 1e-3);
        double steer = Math.Atan(2.0 * p.Wheelbase * Math.Sin(alpha) / l);
        return Math.Clamp(steer, -p.MaxSteeringAngle, p.MaxSteeringAngle);
    }

    private NextLane _findNext = (Road _, int _, bool _, out Road next, out int lane, out bool start) => { next = null!; lane = 0; start = false; return false; };

    /// <summary>The lane a lane continues onto past a road end (the road network's answer).</summary>
    public delegate bool NextLane(Road road, int laneId, bool atEnd, out Road next, out int nextLane, out bool entersAtStart);

    /// <summary>
    /// Sets how lanes continue past road ends for <paramref name="ego"/> (following its route at
    /// junctions); the simulation that owns the network sets it.
    /// </summary>
    public void UseNetwork(RoadNetwork network, Entity ego) => _findNext = (Road r, int l, bool end, out Road n, out int nl, out bool st)
        => network.TryGetNextLane(r, l, end, out n, out nl, out st, RouteNavigator.PreferredConnection(ego, network, r, end));

    private sealed record LaneChangePlan(Road Road, double S0, int Direction, double T0, int Lane, double Offset, double Span, TransitionShape Shape);
}

/// <summary>Stage of automatic emergency braking.</summary>
internal enum AebStage
{
    Off,
    Partial,
    Full,
}
