using System.Buffers.Binary;

namespace SensorModels.Can;

/// <summary>
/// The "can.v1" payload: uint32 frame count, then per frame int64 timestamp (ns), uint32 id,
/// uint8 flags (bit 0 extended id, bit 1 CAN FD), uint8 data length, the data bytes; all
/// little-endian, no padding.
/// </summary>
public static class CanPayload
{
    /// <summary>Payload format id.</summary>
    public const string Format = "can.v1";

    /// <summary>Bytes of the count header.</summary>
    public const int HeaderSize = 4;

    /// <summary>Bytes of a frame record before its data.</summary>
    public const int RecordHeaderSize = 14;

    /// <summary>Flag bit: 29-bit identifier.</summary>
    public const byte ExtendedFlag = 1;

    /// <summary>Flag bit: CAN FD frame.</summary>
    public const byte FdFlag = 2;

    /// <summary>Number of frames in a payload.</summary>
    public static int Count(ReadOnlySpan<byte> payload) => (int)BinaryPrimitives.ReadUInt32LittleEndian(payload);

    /// <summary>Writes the frame count.</summary>
    public static void WriteCount(Span<byte> payload, int count) => BinaryPrimitives.WriteUInt32LittleEndian(payload, (uint)count);

    /// <summary>Writes one record at <paramref name="offset"/> and returns the offset after it.</summary>
    public static int WriteRecord(Span<byte> payload, int offset, long timestampNs, uint id, bool extended, bool fd, ReadOnlySpan<byte> data)
    {
        Span<byte> r = payload[offset..];
        BinaryPrimitives.WriteInt64LittleEndian(r, timestampNs);
        BinaryPrimitives.WriteUInt32LittleEndian(r[8..], id);
        r[12] = (byte)((extended ? ExtendedFlag : 0) | (fd ? FdFlag : 0));
        r[13] = (byte)data.Length;
        data.CopyTo(r[RecordHeaderSize..]);
        return offset + RecordHeaderSize + data.Length;
    }

    /// <summary>Reads the record at <paramref name="offset"/> (start at <see cref="HeaderSize"/>) and advances the offset.</summary>
    /// <exception cref="FormatException">The payload ends inside the record.</exception>
    public static CanFrameRecord ReadRecord(ReadOnlySpan<byte> payload, ref int offset)
    {
        if (payload.Length < offset + RecordHeaderSize || payload.Length < offset + RecordHeaderSize + payload[offset + 13])
        {
            throw new FormatException($"can.v1 payload ends inside the frame record at byte {offset}");
        }
        ReadOnlySpan<byte> r = payload[offset..];
        int length = r[13];
        var record = new CanFrameRecord(BinaryPrimitives.ReadInt64LittleEndian(r), BinaryPrimitives.ReadUInt32LittleEndian(r[8..]),
            (r[12] & ExtendedFlag) != 0, (r[12] & FdFlag) != 0, r.Slice(RecordHeaderSize, length));
        offset += RecordHeaderSize + length;
        return record;
    }
}
