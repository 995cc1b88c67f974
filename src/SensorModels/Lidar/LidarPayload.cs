namespace SensorModels.Lidar;

/// <summary>
/// The <c>lidar.v1</c> payload layout (docs/sensors/lidar.md), little endian. Header, 16 bytes:
/// uint32 point count, uint16 point stride (36, or 48 with motion compensation), uint16 flags
/// (bit 0: compensated xyz present), uint16 packet index, uint16 packets per sweep, uint32 rays per
/// sweep. Then per point: float32 x, y, z (m, sensor frame at the firing time), float32 range (m),
/// float32 intensity, float32 time offset from the sweep start (s), int32 entity id (-1 static),
/// uint16 ring, uint16 column, uint8 semantic class, uint8 0, uint16 0; with compensation, float32
/// x, y, z in the sensor frame at the sweep's end.
/// </summary>
public static class LidarPayload
{
    /// <summary>The format id.</summary>
    public const string Format = "lidar.v1";

    /// <summary>Bytes of the header.</summary>
    public const int HeaderBytes = 16;

    /// <summary>Bytes per point without motion compensation.</summary>
    public const int PointBytes = 36;

    /// <summary>Bytes per point with motion compensation (the compensated xyz at +36).</summary>
    public const int CompensatedPointBytes = 48;

    /// <summary>Offset of a point's int32 entity id.</summary>
    public const int EntityIdOffset = 24;
}
