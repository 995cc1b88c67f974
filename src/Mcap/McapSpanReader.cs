using System.Buffers.Binary;
using System.Text;

namespace Mcap;

/// <summary>
/// Bounds-checked little-endian reads of one record's content. Every length read from the file is checked against
/// what remains before it is used, so corrupt input surfaces as <see cref="McapRecordException"/>, never as an
/// out-of-range access.
/// </summary>
internal ref struct McapSpanReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _record;
    private int _pos;

    public McapSpanReader(ReadOnlySpan<byte> data, string record)
    {
        _data = data;
        _record = record;
    }

    public readonly int Position => _pos;

    public readonly int Remaining => _data.Length - _pos;

    public byte U8(string field) => Take(1, field)[0];

    public ushort U16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, field));

    public uint U32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));

    public ulong U64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));

    public string String(string field)
    {
        uint n = U32(field);
        ReadOnlySpan<byte> bytes = Take(n, field);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>uint32 length-prefixed bytes; returns the position of the first byte and the length.</summary>
    public (int Start, int Length) Bytes32(string field)
    {
        uint n = U32(field);
        int start = _pos;
        Take(n, field);
        return (start, (int)n);
    }

    /// <summary>uint64 length-prefixed bytes; returns the position of the first byte and the length.</summary>
    public (int Start, int Length) Bytes64(string field)
    {
        ulong n = U64(field);
        int start = _pos;
        Take(n, field);
        return (start, (int)n);
    }

    public Dictionary<string, string> StringMap(string field)
    {
        uint n = U32(field);
        McapSpanReader inner = new(Take(n, field), _record + " " + field);
        Dictionary<string, string> map = new(StringComparer.Ordinal);
        while (inner.Remaining > 0)
        {
            string key = inner.String("key");
            map[key] = inner.String("value");
        }
        return map;
    }

    public Dictionary<ushort, ulong> UInt16UInt64Map(string field)
    {
        uint n = U32(field);
        if (n % 10 != 0)
        {
            throw new McapRecordException($"{_record}: {field} is {n} bytes, not a whole number of (uint16, uint64) entries");
        }
        McapSpanReader inner = new(Take(n, field), _record + " " + field);
        Dictionary<ushort, ulong> map = [];
        while (inner.Remaining > 0)
        {
            ushort key = inner.U16("key");
            map[key] = inner.U64("value");
        }
        return map;
    }

    private ReadOnlySpan<byte> Take(ulong n, string field)
    {
        if (n > (ulong)(_data.Length - _pos))
        {
            throw new McapRecordException($"{_record}: {field} ({n} bytes) runs past the end of the record ({_data.Length - _pos} bytes left)");
        }
        ReadOnlySpan<byte> s = _data.Slice(_pos, (int)n);
        _pos += (int)n;
        return s;
    }
}
