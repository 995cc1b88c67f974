using SimCore.Roads;
using SimCore.Simulation;
using SimCore.Timing;

namespace SensorModels.Runtime;

/// <summary>
/// What sensors sample after a step: every entity's state at the start and the end of the step
/// (sensors firing inside the step interpolate between them), the road network and the run's seed.
/// </summary>
public sealed class SensorWorld
{
    private EntitySnapshot[] _previous;
    private EntitySnapshot[] _current;

    /// <summary>Creates the world for a run with <paramref name="entityCount"/> entities.</summary>
    public SensorWorld(RoadNetwork network, int entityCount, ulong seed)
    {
        Network = network;
        Seed = seed;
        _previous = new EntitySnapshot[entityCount];
        _current = new EntitySnapshot[entityCount];
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
        (_previous, _current) = (_current, _previous);
        PreviousTime = Time;
        sim.GetSnapshot(_current);
        Time = sim.Time;
        if (sim.Steps == 0)
        {
            _current.CopyTo(_previous, 0);
            PreviousTime = Time;
        }
        EgoIndex = sim.EgoIndex;
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
