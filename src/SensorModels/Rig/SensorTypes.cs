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
            ["lidar"] = (d, m) => Lidar.LidarConfig.Read(m, $"sensor '{d.Name}'") is { } c ? new Lidar.LidarSensor(d, c) : null,
            ["radar"] = Radar.RadarSensor.Create,
            ["imu"] = Imu.ImuReader.Create,
            ["gnss"] = Gnss.GnssReader.Create,
            ["can"] = Can.CanBusSensor.Create,
            ["ground_truth"] = GroundTruth.GroundTruthSensor.Create,
            ["camera"] = Camera.CameraSensor.Create,
        };

    /// <summary>Rates (Hz) a type takes when its rig entry gives none; other types must give 'rate'.</summary>
    public static readonly IReadOnlyDictionary<string, double> DefaultRates = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["camera"] = 30,
    };
}
