using System.Buffers;
using System.Runtime.InteropServices;
using SensorModels.Mathematics;
using SensorModels.Output;
using SensorModels.Radar;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Diagnostics;
using SimCore.Scenarios.Yaml;
using SimCore.Simulation;
using SimCore.Timing;

namespace SensorModels.GroundTruth;

/// <summary>
/// Ground truth: per output, every entity other than the ego whose box centre lies within the
/// range and the azimuth field of view of the sensor, with its 3-D box, class, id and velocity,
/// in the world and in the sensor frame ("ground_truth.v1").
/// </summary>
internal sealed class GroundTruthSensor : Sensor
{
    public const string FormatId = GroundTruthPayload.Format;

    private readonly ArrayBufferWriter<byte> _payload = new(1024);
    private readonly List<GroundTruthObject> _objects = new();

    public GroundTruthSensor(SensorDefinition definition, double range, double azimuthFov, string? lidarName = null, SourceLocation lidarWhere = default) : base(definition)
    {
        Range = range;
        AzimuthFov = azimuthFov;
        LidarName = lidarName;
        LidarWhere = lidarWhere;
    }

    /// <summary>The lidar of the rig whose per-object point counts the outputs carry (key 'lidar'), or null.</summary>
    public string? LidarName { get; }

    /// <summary>Where the 'lidar' key's value is.</summary>
    public SourceLocation LidarWhere { get; }

    /// <summary>Objects further than this from the sensor (box centre, m) are left out.</summary>
    public double Range { get; }

    /// <summary>Full azimuth field of view (rad); 2 pi: all around.</summary>
    public double AzimuthFov { get; }

    /// <inheritdoc />
    public override string Format => FormatId;

    /// <inheritdoc />
    public override string? CalibrationJson => SensorCalibration.Json("ground_truth", w =>
    {
        w.WriteNumber("range_m", Range);
        w.WriteNumber("azimuth_fov_rad", AzimuthFov);
        if (LidarName is { } lidar)
        {
            w.WriteString("lidar", lidar);
        }
    });

    /// <summary>
    /// Optional lidar hit counts: given an entity id, the points the lidar put on it in its last
    /// sweep, or -1. Null: every count is -1.
    /// </summary>
    public Func<int, int>? LidarPoints { get; set; }

    /// <summary>The objects of the last output.</summary>
    public IReadOnlyList<GroundTruthObject> LastObjects => _objects;

    public static Sensor? Create(SensorDefinition d, MapReader m)
    {
        int errors = m.Context.Errors.Count;
        double range = m.Positive("range") ?? 150;
        double fov = 2 * Math.PI;
        if (m.Get("azimuth_fov_deg") is { } fn && m.Context.Double(fn, "'azimuth_fov_deg'") is { } f)
        {
            if (f <= 0 || f > 360)
            {
                m.Context.Error(fn, $"'azimuth_fov_deg' must be greater than 0 and at most 360, not {f}");
            }
            fov = f * Math.PI / 180;
        }
        string? lidar = m.String("lidar");
        SourceLocation lidarWhere = m.Get("lidar") is { } ln ? m.Context.Where(ln) : d.Where;
        return m.Context.Errors.Count == errors ? new GroundTruthSensor(d, range, fov, lidar, lidarWhere) : null;
    }

    protected override void Produce(SensorWorld world, ISensorSink sink, in SensorFrame frame)
    {
        Collect(world, frame.EndNanoseconds);
        _payload.ResetWrittenCount();
        GroundTruthPayload.Write(_payload, CollectionsMarshal.AsSpan(_objects));
        sink.Write(frame, _payload.WrittenSpan);
    }

    internal void Collect(SensorWorld world, long timeNanoseconds)
    {
        _objects.Clear();
        if (world.EgoIndex < 0)
        {
            throw new InvalidOperationException("a sensor rig needs an ego");
        }
        var t = new SimTime(timeNanoseconds);
        EntitySnapshot ego = world.At(world.EgoIndex, t);
        Pose3 sensor = SensorWorld.VehiclePose(ego).Compose(Definition.Mount);
        Vec3 vs = RadarSensor.PointVelocity(ego, sensor.Position);
        for (int i = 0; i < world.Current.Length; i++)
        {
            if (i == world.EgoIndex)
            {
                continue;
            }
            EntitySnapshot e = world.At(i, t);
            if (!e.SensorVisible)
            {
                continue;
            }
            Pose3 pose = SensorWorld.VehiclePose(e);
            Vec3 centre = pose.TransformPoint(new Vec3(e.CenterOffsetX, 0, e.Height / 2));
            Vec3 q = sensor.InverseTransformPoint(centre);
            if (q.Length > Range || (AzimuthFov < 2 * Math.PI && Math.Abs(Math.Atan2(q.Y, q.X)) > AzimuthFov / 2))
            {
                continue;
            }
            Vec3 v = RadarSensor.PointVelocity(e, new Vec3(e.X, e.Y, e.Z));
            Vec3 forward = sensor.InverseRotate(pose.Rotate(new Vec3(1, 0, 0)));
            _objects.Add(new GroundTruthObject(e.Id, e.Kind, LidarPoints?.Invoke(e.Id) ?? -1, centre, e.Length, e.Width, e.Height, e.Heading, v with { Z = 0 },
                q, Math.Atan2(forward.Y, forward.X), sensor.InverseRotate(RadarSensor.PointVelocity(e, centre) - vs)));
        }
    }
}
