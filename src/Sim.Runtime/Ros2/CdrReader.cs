using System.Buffers.Binary;
using System.Text;

namespace Sim.Runtime.Ros2;

/// <summary>
/// Reads OMG CDR (XCDR version 1, plain, as ROS 2's rmw writes a message): a 4-byte encapsulation
/// header (0x0000 big endian, 0x0001 little endian), then every primitive aligned to its own size
/// counted from after the header; strings as uint32 length (with the terminating NUL) and bytes;
/// sequences as a uint32 count and the elements. Every read is bounded by the buffer: a length
/// that does not fit is a <see cref="FormatException"/> naming the byte offset.
/// </summary>
internal ref struct CdrReader
{
    private const int Origin = 4;
    private readonly ReadOnlySpan<byte> _b;
    private readonly bool _little;
    private int _pos;

    /// <exception cref="FormatException">Not a plain CDR message.</exception>
    public CdrReader(ReadOnlySpan<byte> message)
    {
        if (message.Length < 4)
        {
            throw new FormatException($"{message.Length} bytes: shorter than the CDR encapsulation header");
        }
        if (message[0] != 0 || message[1] > 1)
        {
            throw new FormatException($"at byte 0: encapsulation {message[0]:X2} {message[1]:X2} is not plain CDR (00 00 big endian, 00 01 little endian)");
        }
        _b = message;
        _little = message[1] == 1;
        _pos = Origin;
    }

    /// <summary>Byte offset of the next read.</summary>
    public readonly int Position => _pos;

    /// <summary>Bytes left.</summary>
    public readonly int Remaining => _b.Length - _pos;

    private ReadOnlySpan<byte> Take(int size, int align, string what)
    {
        int rem = (_pos - Origin) % align;
        if (rem != 0)
        {
            _pos += align - rem;
        }
        if (_pos + size > _b.Length || size < 0)
        {
            throw new FormatException($"at byte {_pos}: {what} ({size} bytes) runs past the end of the {_b.Length}-byte message");
        }
        ReadOnlySpan<byte> s = _b.Slice(_pos, size);
        _pos += size;
        return s;
    }

    public byte U8(string what = "uint8") => Take(1, 1, what)[0];

    public sbyte I8(string what = "int8") => (sbyte)Take(1, 1, what)[0];

    public bool Bool(string what = "bool") => Take(1, 1, what)[0] != 0;

    public ushort U16(string what = "uint16") => _little ? BinaryPrimitives.ReadUInt16LittleEndian(Take(2, 2, what)) : BinaryPrimitives.ReadUInt16BigEndian(Take(2, 2, what));

    public uint U32(string what = "uint32") => _little ? BinaryPrimitives.ReadUInt32LittleEndian(Take(4, 4, what)) : BinaryPrimitives.ReadUInt32BigEndian(Take(4, 4, what));

    public int I32(string what = "int32") => (int)U32(what);

    public float F32(string what = "float32") => BitConverter.Int32BitsToSingle(I32(what));

    public double F64(string what = "float64") => BitConverter.Int64BitsToDouble(_little ? BinaryPrimitives.ReadInt64LittleEndian(Take(8, 8, what)) : BinaryPrimitives.ReadInt64BigEndian(Take(8, 8, what)));

    /// <summary>A string (its NUL dropped).</summary>
    public string String(string what = "string")
    {
        int at = _pos;
        uint n = U32(what + " length");
        if (n > Remaining)
        {
            throw new FormatException($"at byte {at}: {what} of {n} bytes runs past the end of the {_b.Length}-byte message");
        }
        ReadOnlySpan<byte> s = Take((int)n, 1, what);
        return Encoding.UTF8.GetString(s.Length > 0 && s[^1] == 0 ? s[..^1] : s);
    }

    /// <summary>A sequence's element count, checked against what the rest of the message can hold (<paramref name="minElementBytes"/> each).</summary>
    public int Count(string what, int minElementBytes)
    {
        int at = _pos;
        uint n = U32(what + " count");
        if ((long)n * Math.Max(minElementBytes, 1) > Remaining)
        {
            throw new FormatException($"at byte {at}: {what} claims {n} elements, more than the {Remaining} bytes left hold");
        }
        return (int)n;
    }

    /// <summary>A sequence of bytes (uint8[]).</summary>
    public ReadOnlySpan<byte> ByteSequence(string what) => Take(Count(what, 1), 1, what);

    /// <summary>A fixed array of <paramref name="n"/> bytes (uint8[N]).</summary>
    public ReadOnlySpan<byte> Bytes(int n, string what) => Take(n, 1, what);

    /// <summary>Skips <paramref name="n"/> float64 (covariance arrays).</summary>
    public void SkipF64(int n, string what)
    {
        for (int i = 0; i < n; i++)
        {
            F64(what);
        }
    }
}
