using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Traffic;

/// <summary>
/// OpenSCENARIO SynchronizeAction: adapts the entity's speed so that it reaches its target
/// position when the master entity reaches the master's, arriving at the final speed if one is
/// given (with a steady state, the last metres before the target at that speed). Distances run
/// along the roads. The profile is esmini's: one constant acceleration when a straight speed ramp
/// fits (linear), else two phases meeting at an apex (accelerate then slow down, or the reverse),
/// or a stop and wait when even that would need a negative speed. Done when either target is
/// reached (within its tolerance), passed, or the master will reach its target within the step;
/// the entity then takes the final speed.
/// </summary>
internal sealed class SynchronizeControl : LongitudinalControl
{
    private const double Large = 1e10;
    private const double Small = 1e-6;
    private const double StopDeceleration = -8.0;

    private readonly string _master;
    private readonly PathDistance _masterTarget;
    private readonly PathDistance _target;
    private readonly double _masterTolerance;
    private readonly double _tolerance;
    private readonly SpeedTarget? _final;
    private readonly double? _steadyDistance;
    private Phase _phase;
    private bool _convex;
    private double _lastDist = Large;
    private double _lastMasterDist = Large;

    private enum Phase
    {
        None,
        NonLinear,
        Linear,
        Stopped,
        StopImmediately,
        Waiting,
        SteadyState,
    }

    public SynchronizeControl(string master, PathDistance masterTarget, PathDistance target, double masterTolerance, double tolerance, SpeedTarget? final, double? steadyDistance)
    {
        _master = master;
        _masterTarget = masterTarget;
        _target = target;
        _masterTolerance = masterTolerance;
        _tolerance = tolerance;
        _final = final;
        _steadyDistance = steadyDistance;
    }

    public override double NextSpeed(Entity e, World world, double dt)
    {
        Entity master = world.Get(_master);
        double masterDist = _masterTarget.From(master, world);
        double dist = _target.From(e, world);
        bool done = dist < _tolerance + Small
            || masterDist < _masterTolerance + Small
            || dist > _lastDist
            || masterDist > _lastMasterDist;
        _lastDist = dist;
        _lastMasterDist = masterDist;
        // Measure to the edge of the tolerance.
        dist = Math.Max(dist - _tolerance, Small);
        masterDist = Math.Max(masterDist - _masterTolerance, Small);
        double masterTime = Large;
        double masterSpeed = Math.Sign(master.Speed) * PathDistance.AlongRoad(master);
        if (masterSpeed > Small)
        {
            masterTime = masterDist / masterSpeed;
            done |= masterTime < dt;
        }
        double speed = e.Speed;
        if (done)
        {
            Finished = true;
            return _final is null ? speed : _final.Evaluate(world);
        }
        if (_final is null)
        {
            // No final speed: a straight ramp to whatever speed covers the distance in time.
            double finalSpeed = 2 * (dist / masterTime) - speed;
            return speed + (finalSpeed - speed) / masterTime * dt;
        }
        double v1 = _final.Evaluate(world);
        if (_steadyDistance is double steady && _phase != Phase.SteadyState)
        {
            double timeToSteady = steady / v1;
            if (dist - steady < Small || masterTime - timeToSteady < Small)
            {
                _phase = Phase.SteadyState;
            }
            else
            {
                dist -= steady;
                masterTime -= timeToSteady;
            }
        }
        switch (_phase)
        {
            case Phase.SteadyState:
                return v1;
            case Phase.Waiting:
                if (masterTime >= Large)
                {
                    return speed;
                }
                _phase = Phase.None;
                break;
            case Phase.StopImmediately:
                speed += StopDeceleration * dt;
                if (speed < 0)
                {
                    _phase = Phase.Waiting;
                    return 0;
                }
                return speed;
            case Phase.Stopped:
                if (masterTime < 2 * dist / v1)
                {
                    _phase = Phase.Linear;
                    break;
                }
                return 0;
        }
        if (_phase == Phase.Linear)
        {
            // Constant acceleration to the final speed: the speed now that averages to the distance.
            return masterTime > Large - 1 ? 0 : Math.Max(0, LinearStartSpeed(Math.Max(0, v1), masterTime, dist));
        }
        if (_phase == Phase.NonLinear && masterTime < Large && Math.Abs(speed - (2 * dist / masterTime - v1)) < 0.1)
        {
            // On the straight ramp now: past the apex.
            _phase = Phase.Linear;
            return speed;
        }
        if (_phase == Phase.None)
        {
            _phase = Phase.NonLinear;
            _convex = (v1 + speed) / 2 < dist / masterTime;
        }
        double s = dist, t = masterTime;
        double v0 = Math.Sign(e.Speed) * PathDistance.AlongRoad(e);
        double root = Math.Sqrt(2.0) * Math.Sqrt(2.0 * s * s - 2 * (v1 + v0) * t * s + (v1 * v1 + v0 * v0) * t * t);
        double vx, acc;
        if (Math.Abs(v1 - v0) < Small)
        {
            vx = (s - (t / 2) * v0) / (t / 2);
            acc = (vx - v0) / (t / 2);
        }
        else
        {
            // Two phases of constant acceleration meeting at (x, vx); of the two solutions the one within [0, t].
            double x1 = -(root + 2 * s - 2 * v1 * t) / (2 * (v1 - v0));
            double x2 = -(-root + 2 * s - 2 * v1 * t) / (2 * (v1 - v0));
            double vx1 = (2 * s - root) / (2 * t);
            double vx2 = (2 * s + root) / (2 * t);
            if (x1 > 0 && x1 < t)
            {
                vx = vx1;
                acc = (vx1 - v0) / x1;
            }
            else if (x2 > 0 && x2 < t)
            {
                vx = vx2;
                acc = (vx2 - v0) / x2;
            }
            else
            {
                vx = 0;
                acc = 0;
            }
        }
        if (_phase == Phase.NonLinear && ((!_convex && acc > 0) || (_convex && acc < 0)))
        {
            // The apex: from here a straight ramp.
            _phase = Phase.Linear;
            acc = 0;
        }
        if (_phase == Phase.NonLinear && vx < 0)
        {
            // Even the apex would be a negative speed: slow to a stop, wait, then go.
            double t1 = 2 * v0 * s / (v0 * v0 + v1 * v1);
            acc = Math.Abs(t1) > Small ? -v0 / t1 : 0;
            if (t1 * v0 / 2 > s / 2)
            {
                acc = StopDeceleration;
                _phase = Phase.StopImmediately;
            }
            if (v0 + acc * dt < 0)
            {
                _phase = Phase.Stopped;
                return 0;
            }
        }
        return speed + acc * dt;
    }

    private static double LinearStartSpeed(double finalSpeed, double time, double dist)
        => time < 0.001 || dist < 0.001 ? 0 : 2 * dist / time - finalSpeed;
}
