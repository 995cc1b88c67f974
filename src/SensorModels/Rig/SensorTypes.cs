using SensorModels.Runtime;
using SimCore.Scenarios.Yaml;

namespace SensorModels.Rig;

/// <summary>
/// The sensor types a rig may name. Each factory reads its type's parameters from the rest of the
/// sensor's YAML mapping (unknown keys are then reported by the loader) and returns the sensor, or
/// null after recording errors.
/// </summary>
internal static class SensorTypes
{
    public static readonly IReadOnlyDictionary<string, Func<SensorDefinition, MapReader, Sensor?>> Factories =
        new Dictionary<string, Func<SensorDefinition, MapReader, Sensor?>>(StringComparer.Ordinal)
        {
            ["lidar"] = (d, m) => Lidar.LidarConfig.Read(m, $"sensor '{d.Name}'", d.RateHz) is { } c ? new Lidar.LidarSensor(d, c) : null,
            ["radar"] = Radar.RadarSensor.Create,
            ["imu"] = Imu.ImuReader.Create,
            ["gnss"] = Gnss.GnssReader.Create,
            ["can"] = Can.CanBusSensor.Create,
            ["ground_truth"] = GroundTruth.GroundTruthSensor.Create,
            ["camera"] = Camera.CameraSensor.Create,
        };

    private static readonly YamlObject Mount = new("mount", "Pose of the sensor frame in the vehicle frame (ISO 8855: x forward, y left, z up; origin at the rear-axle centre on the ground); R = Rz(yaw) Ry(pitch) Rx(roll).",
        Y.Key("x", Y.Number("m"), "Forward.", "0"), Y.Key("y", Y.Number("m"), "Left.", "0"), Y.Key("z", Y.Number("m"), "Up.", "0"),
        Y.Key("roll", Y.Number("rad"), "Roll.", "0"), Y.Key("pitch", Y.Number("rad"), "Pitch.", "0"), Y.Key("yaw", Y.Number("rad"), "Yaw.", "0"));

    /// <summary>The keys every sensor has (docs/sensors.md), before those of its type.</summary>
    private static YamlObject Common(string type, string description, bool rateRequired = true) => new(type + "_sensor", description,
        Y.Required("name", Y.Text(), "Unique sensor name."),
        Y.Required("type", Y.Word([type]), "Sensor type."),
        Y.Required("mount", Mount, "Mounting pose."),
        rateRequired ? Y.Required("rate", Y.Positive("Hz"), "Outputs per second.") : Y.Key("rate", Y.Positive("Hz"), "Outputs per second.", "30"),
        Y.Key("phase", Y.NonNegative("s"), "Time of the first output.", "0"));

    /// <summary>Each type's mapping: the common keys and its own (docs/sensors/*.md). A lidar has one per pattern.</summary>
    public static readonly IReadOnlyList<(string Type, YamlObject Shape)> Shapes =
    [
        ("lidar", Common("lidar", "A spinning lidar (docs/sensors/lidar.md).").With("lidar_sensor", "A spinning lidar (docs/sensors/lidar.md).", Lidar.LidarConfig.SpinningKeys)),
        ("lidar", Common("lidar", "").With("solid_state_lidar_sensor", "A solid-state lidar: a fixed grid (docs/sensors/lidar.md).", Lidar.LidarConfig.SolidStateKeys)),
        ("radar", Common("radar", "").With("radar_sensor", "A radar: detections or a tracked object list (docs/sensors/radar.md).", Radar.RadarParameters.Keys)),
        ("imu", Common("imu", "").With("imu_sensor", "An IMU: specific force and angular rate (docs/sensors/imu-gnss.md).", Imu.ImuReader.Keys)),
        ("gnss", Common("gnss", "").With("gnss_sensor", "A GNSS receiver (docs/sensors/imu-gnss.md).", Gnss.GnssReader.Keys)),
        ("can", Common("can", "").With("can_sensor", "The vehicle CAN bus from a DBC file (docs/sensors/can.md).", Can.CanBusSensor.Keys)),
        ("ground_truth", Common("ground_truth", "").With("ground_truth_sensor", "The objects around the ego with 3-D boxes (docs/sensors/ground-truth.md).", GroundTruth.GroundTruthSensor.Keys)),
        ("camera", Common("camera", "", rateRequired: false).With("camera_sensor", "A rendered camera through a calibrated lens (docs/sensors/camera.md).", Camera.CameraParameters.Keys)),
    ];

    /// <summary>Every key of every type: what a sensor mapping is read against until its type is known.</summary>
    public static readonly YamlObject Union = new("sensor", "A sensor.", Shapes.SelectMany(s => s.Shape.Keys).DistinctBy(k => k.Name).ToArray());

    /// <summary>A solid-state lidar's mapping (pattern: solid_state).</summary>
    public static YamlObject SolidStateLidar => Shapes.First(s => s.Shape.Name == "solid_state_lidar_sensor").Shape;

    /// <summary>The mapping of <paramref name="type"/> (a lidar's spinning one; <see cref="Lidar.LidarConfig.Read"/> switches to solid state).</summary>
    public static YamlObject ShapeOf(string type) => Shapes.First(s => s.Type == type).Shape;

    /// <summary>Rates (Hz) a type takes when its rig entry gives none; other types must give 'rate'.</summary>
    public static readonly IReadOnlyDictionary<string, double> DefaultRates = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["camera"] = 30,
    };
}
