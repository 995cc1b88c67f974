using SensorModels.Compute;
using SensorModels.Geometry;
using SensorModels.Output;
using SimCore.Diagnostics;
using SimCore.Roads;
using SimCore.Simulation;
using SimCore.Timing;

namespace SensorModels.Runtime;

/// <summary>
/// The sensors of a vehicle and their schedules: after every simulation step, each sensor
/// produces the outputs whose times fall in the step (several for a sensor faster than the
/// step, none for a slower one), in rig order, then lets each sensor start on its coming output
/// (<see cref="Sensor.Advance"/>: a lidar casts the columns that have fired, as the real sensor
/// does, instead of a whole sweep in the step it ends in). The world keeps the states of the
/// steps the longest acquisition spans. When the rig casts on a device
/// (<see cref="RayCasting"/>), the lidars and radars due in the step first queue their rays, the
/// batch is cast once, and then every sensor produces as usual, in the same order.
/// </summary>
public sealed class SensorRig
{
    private readonly List<(Sensor Sensor, SimTime Start, SimTime End, int Ahead)> _due = new();
    private readonly Sensor[] _sensors;
    private readonly long _keep;

    /// <summary>Creates a rig from sensors (names must be unique).</summary>
    public SensorRig(string name, IReadOnlyList<Sensor> sensors)
    {
        Name = name;
        Sensors = sensors;
        // Iterated every step: an array's loop allocates no enumerator.
        _sensors = sensors.ToArray();
        foreach (Sensor s in _sensors)
        {
            _keep = Math.Max(_keep, Acquisition(s));
        }
    }

    /// <summary>Rig name.</summary>
    public string Name { get; }

    /// <summary>Sensors in rig order.</summary>
    public IReadOnlyList<Sensor> Sensors { get; }

    /// <summary>Where the lidars and radars cast (rig key 'backend').</summary>
    public RayBackend Backend { get; init; }

    /// <summary>Where the rig file says 'backend', or null when it does not (then nothing about it is reported).</summary>
    public SourceLocation? BackendWhere { get; init; }

    /// <summary>The chosen ray casting (set by the run before the first step); null: each sensor casts on the CPU.</summary>
    internal RayCasting? RayCasting { get; set; }

    /// <summary>
    /// Builds the scene geometry of <paramref name="network"/> with <paramref name="entities"/>
    /// posed as given and hands it to every sensor that casts rays into it (lidar, radar; cameras
    /// render it); null when no sensor does. Re-pose it (<see cref="SceneGeometry.Update(SensorWorld)"/>)
    /// before each <see cref="Step"/>.
    /// </summary>
    public SceneGeometry? MountScene(RoadNetwork network, ReadOnlySpan<EntitySnapshot> entities)
    {
        if (!Sensors.Any(s => s is Radar.RadarSensor or Lidar.LidarSensor or Camera.CameraSensor))
        {
            return null;
        }
        SceneGeometry scene = SceneGeometry.Build(network, entities);
        foreach (Sensor s in Sensors)
        {
            switch (s)
            {
                case Radar.RadarSensor radar:
                    radar.Scene = scene;
                    break;
                case Lidar.LidarSensor lidar:
                    lidar.Scene = scene;
                    break;
            }
        }
        return scene;
    }

    /// <summary>
    /// Produces every output due in (previous time, current time] of <paramref name="world"/>, or
    /// at the current time when the world has just started (step 0).
    /// </summary>
    public void Step(SensorWorld world, ISensorSink sink)
    {
        world.Keep(_keep);
        long from = world.PreviousTime.Nanoseconds, to = world.Time.Nanoseconds;
        bool initial = from == to;
        _due.Clear();
        foreach (Sensor s in _sensors)
        {
            long period = s.Definition.PeriodNanoseconds, phase = s.Definition.PhaseNanoseconds;
            // First output time strictly after 'from' (or at 'from' when starting).
            long k = initial ? CeilDiv(from - phase, period) : FloorDiv(from - phase, period) + 1;
            int ahead = 0;
            for (long t = phase + Math.Max(k, 0) * period; t <= to; t += period)
            {
                long start = t - Acquisition(s);
                _due.Add((s, new SimTime(start), new SimTime(t), ahead++));
            }
        }
        RayBatch? batched = RayCasting?.Batch;
        if (RayCasting is { Batch: { } batch } casting)
        {
            batch.Clear();
            foreach ((Sensor s, SimTime start, SimTime end, int ahead) in _due)
            {
                if (s is IRaySensor rays)
                {
                    rays.Enqueue(world, s.Frame(start, end, ahead), batch);
                }
            }
            casting.Cast();
        }
        foreach ((Sensor s, SimTime start, SimTime end, _) in _due)
        {
            s.Capture(world, sink, start, end);
        }
        foreach (Sensor s in _sensors)
        {
            if (batched is not null && s is IRaySensor)
            {
                continue; // its whole acquisition goes into the batch of the step it ends in
            }
            long period = s.Definition.PeriodNanoseconds, phase = s.Definition.PhaseNanoseconds;
            long t = phase + Math.Max(FloorDiv(to - phase, period) + 1, 0) * period;
            s.Advance(world, sink, s.Frame(new SimTime(t - Acquisition(s)), new SimTime(t), 0));
        }
    }

    private static long Acquisition(Sensor s) => (long)Math.Round(s.AcquisitionSeconds * 1e9);

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);
}
