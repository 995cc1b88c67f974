using System.Buffers.Binary;

namespace SensorModels.Lidar.Wire;

/// <summary>
/// A Velodyne position (telemetry) packet, VLP-32C and VLS-128 user manuals, "Position Packet
/// Structure": a 512-byte payload, zero but for the timestamp (uint32 LE, microseconds past the
/// hour) at byte 198, the PPS status at 202 (0 none, 2 locked) and the last $GPRMC sentence
/// (CR LF terminated, at most 128 bytes) at 206.
/// </summary>
public static class VelodynePositionPacket
{
    /// <summary>Bytes of the payload.</summary>
    public const int Bytes = 512;

    /// <summary>Offset of the timestamp.</summary>
    public const int TimestampOffset = 198;

    /// <summary>Offset of the PPS status byte.</summary>
    public const int PpsOffset = 202;

    /// <summary>Offset of the NMEA sentence.</summary>
    public const int NmeaOffset = 206;

    /// <summary>Room for the NMEA sentence.</summary>
    public const int NmeaBytes = 128;

    /// <summary>PPS status: locked.</summary>
    public const byte PpsLocked = 2;

    /// <summary>Writes a packet into <paramref name="packet"/> (512 bytes); an empty <paramref name="rmc"/> leaves PPS and NMEA zero, as with no GPS attached.</summary>
    public static void Write(Span<byte> packet, uint timestampUs, ReadOnlySpan<byte> rmc)
    {
        if (packet.Length < Bytes || rmc.Length > NmeaBytes)
        {
            throw new ArgumentException($"a position packet takes {Bytes} bytes and a sentence of at most {NmeaBytes}");
        }
        packet[..Bytes].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(packet[TimestampOffset..], timestampUs);
        packet[PpsOffset] = rmc.IsEmpty ? (byte)0 : PpsLocked;
        rmc.CopyTo(packet[NmeaOffset..]);
    }
}
