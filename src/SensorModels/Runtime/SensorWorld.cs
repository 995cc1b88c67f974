using SimCore.Roads;
using SimCore.Simulation;
using SimCore.Timing;

namespace SensorModels.Runtime;

/// <summary>
/// What sensors sample after a step: every entity's state at the start and the end of the step
/// (sensors firing inside the step interpolate between them), the road network and the run's seed.
/// A rig also keeps the states of the steps its longest acquisition spans (a lidar sweep is longer
/// than a step), so a time inside an earlier step is interpolated between that step's own states.
/// </summary>
public sealed class SensorWorld
{
    private EntitySnapshot[] _previous;
    private EntitySnapshot[] _current;
    // States of past steps, oldest first from _oldest; grows only while the kept span fills up.
    private EntitySnapshot[][] _states;
    private long[] _times;
    private int _oldest, _count;
    private long _keep;
    private bool _fromStart;

    /// <summary>Creates the world for a run with <paramref name="entityCount"/> entities.</summary>
    public SensorWorld(RoadNetwork network, int entityCount, ulong seed)
    {
        Network = network;
        Seed = seed;
        _states = [new EntitySnapshot[entityCount], new EntitySnapshot[entityCount]];
        _times = new long[2];
        _previous = _current = _states[0];
    }

    /// <summary>The roads.</summary>
    public RoadNetwork Network { get; }

    /// <summary>Seed of every sensor's noise streams.</summary>
    public ulong Seed { get; }

    /// <summary>Time of <see cref="Previous"/>.</summary>
    public SimTime PreviousTime { get; private set; }

    /// <summary>Time of <see cref="Current"/>.</summary>
    public SimTime Time { get; private set; }

    /// <summary>States at the start of the step.</summary>
    public ReadOnlySpan<EntitySnapshot> Previous => _previous;

    /// <summary>States at the end of the step.</summary>
    public ReadOnlySpan<EntitySnapshot> Current => _current;

    /// <summary>Index of the ego in the snapshots, -1 without an ego.</summary>
    public int EgoIndex { get; private set; } = -1;

    /// <summary>Takes the simulator's state after a step (or the initial state, which then is also the previous one).</summary>
    public void Update(Simulator sim)
    {
        long now = sim.Time.Nanoseconds;
        if (sim.Steps == 0)
        {
            _count = 0;
            _fromStart = true;
        }
        // The oldest state goes once the next one is at or before the start of the kept span, which
        // ends at the previous state: an output due in this step ends after it.
        long since = _count > 0 ? _times[(_oldest + _count - 1) % _times.Length] - _keep : 0;
        while (_count >= 2 && _times[(_oldest + 1) % _times.Length] <= since)
        {
            _oldest = (_oldest + 1) % _times.Length;
            _count--;
            _fromStart = false;
        }
        if (_count == _times.Length)
        {
            Grow();
        }
        int slot = (_oldest + _count) % _times.Length;
        sim.GetSnapshot(_states[slot]);
        _times[slot] = now;
        _count++;
        int before = _count >= 2 ? (slot + _times.Length - 1) % _times.Length : slot;
        _current = _states[slot];
        _previous = _states[before];
        Time = sim.Time;
        PreviousTime = new SimTime(_times[before]);
        EgoIndex = sim.EgoIndex;
    }

    /// <summary>
    /// Keeps, from the next update on, the states of at least <paramref name="nanoseconds"/> before
    /// the start of the last step (and the one before them): every acquisition of that length that
    /// ends in the last step.
    /// </summary>
    internal void Keep(long nanoseconds) => _keep = Math.Max(_keep, nanoseconds);

    /// <summary>
    /// The two kept states whose step holds <paramref name="nanoseconds"/>: the step (a, b] it falls
    /// in; the last step for a later time, the first kept one for an earlier time, and the run's
    /// first state twice for a time before the run (the world stood still before it started). The
    /// pair for a time never changes once its step has passed.
    /// </summary>
    internal void Bracket(long nanoseconds, out EntitySnapshot[] a, out long ta, out EntitySnapshot[] b, out long tb)
    {
        int n = _times.Length, k = _count - 1;
        // Walk back to the earliest step whose end is at or after the time.
        while (k >= 2 && _times[(_oldest + k - 1) % n] >= nanoseconds)
        {
            k--;
        }
        if (k == 1 && _fromStart && nanoseconds <= _times[_oldest])
        {
            k = 0;
        }
        int ib = (_oldest + k) % n, ia = k >= 1 ? (_oldest + k - 1) % n : ib;
        (a, ta, b, tb) = (_states[ia], _times[ia], _states[ib], _times[ib]);
    }

    private void Grow()
    {
        int n = _times.Length;
        var states = new EntitySnapshot[n * 2][];
        var times = new long[n * 2];
        for (int k = 0; k < n * 2; k++)
        {
            states[k] = k < n ? _states[(_oldest + k) % n] : new EntitySnapshot[_current.Length];
            times[k] = k < n ? _times[(_oldest + k) % n] : 0;
        }
        (_states, _times, _oldest) = (states, times, 0);
    }

    /// <summary>
    /// An entity's state at <paramref name="t"/> within the step: positions, heading (the short way
    /// round), speeds and accelerations interpolated linearly between the step's start and end.
    /// </summary>
    public EntitySnapshot At(int index, SimTime t)
    {
        EntitySnapshot a = _previous[index], b = _current[index];
        long span = Time.Nanoseconds - PreviousTime.Nanoseconds;
        if (span <= 0)
        {
            return b;
        }
        double f = Math.Clamp((t.Nanoseconds - PreviousTime.Nanoseconds) / (double)span, 0.0, 1.0);
        double dh = SimCore.Mathematics.Angles.WrapPi(b.Heading - a.Heading);
        return b with
        {
            X = a.X + (b.X - a.X) * f,
            Y = a.Y + (b.Y - a.Y) * f,
            Z = a.Z + (b.Z - a.Z) * f,
            Heading = SimCore.Mathematics.Angles.WrapTwoPi(a.Heading + dh * f),
            Speed = a.Speed + (b.Speed - a.Speed) * f,
            Pitch = a.Pitch + (b.Pitch - a.Pitch) * f,
            LateralVelocity = a.LateralVelocity + (b.LateralVelocity - a.LateralVelocity) * f,
            YawRate = a.YawRate + (b.YawRate - a.YawRate) * f,
            Acceleration = a.Acceleration + (b.Acceleration - a.Acceleration) * f,
            LateralAcceleration = a.LateralAcceleration + (b.LateralAcceleration - a.LateralAcceleration) * f,
            SteeringAngle = a.SteeringAngle + (b.SteeringAngle - a.SteeringAngle) * f,
        };
    }

    /// <summary>Pose of an entity's vehicle frame in the world (rear-axle centre on the ground, heading, pitch from the road).</summary>
    public static Mathematics.Pose3 VehiclePose(in EntitySnapshot e)
        => new(new Mathematics.Vec3(e.X, e.Y, e.Z), 0, -e.Pitch, e.Heading);
}
