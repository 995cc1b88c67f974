namespace SensorModels.Lidar.Wire;

/// <summary>Which sensor's own packets a simulated lidar sends (rig key <c>wire.format</c>, docs/sensors/lidar-wire.md).</summary>
public enum LidarWireFormat
{
    /// <summary>An Ouster OS sensor: lidar packets in the LEGACY or RNG19_RFL8_SIG16_NIR16 profile, with its metadata JSON.</summary>
    Ouster,

    /// <summary>A Velodyne VLP-32C: 1206-byte data packets (4 mm units), position packets with $GPRMC.</summary>
    Vlp32C,

    /// <summary>A Velodyne VLS-128: 1206-byte data packets in four banks (4 mm units), position packets with $GPRMC.</summary>
    Vls128,
}
