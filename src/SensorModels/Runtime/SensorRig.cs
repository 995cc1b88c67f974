using SensorModels.Geometry;
using SensorModels.Output;
using SimCore.Roads;
using SimCore.Simulation;
using SimCore.Timing;

namespace SensorModels.Runtime;

/// <summary>
/// The sensors of a vehicle and their schedules: after every simulation step, each sensor
/// produces the outputs whose times fall in the step (several for a sensor faster than the
/// step, none for a slower one), in rig order.
/// </summary>
public sealed class SensorRig
{
    /// <summary>Creates a rig from sensors (names must be unique).</summary>
    public SensorRig(string name, IReadOnlyList<Sensor> sensors)
    {
        Name = name;
        Sensors = sensors;
    }

    /// <summary>Rig name.</summary>
    public string Name { get; }

    /// <summary>Sensors in rig order.</summary>
    public IReadOnlyList<Sensor> Sensors { get; }

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
        long from = world.PreviousTime.Nanoseconds, to = world.Time.Nanoseconds;
        bool initial = from == to;
        foreach (Sensor s in Sensors)
        {
            long period = s.Definition.PeriodNanoseconds, phase = s.Definition.PhaseNanoseconds;
            // First output time strictly after 'from' (or at 'from' when starting).
            long k = initial ? CeilDiv(from - phase, period) : FloorDiv(from - phase, period) + 1;
            for (long t = phase + Math.Max(k, 0) * period; t <= to; t += period)
            {
                long start = t - (long)Math.Round(s.AcquisitionSeconds * 1e9);
                s.Capture(world, sink, new SimTime(start), new SimTime(t));
            }
        }
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);
}
