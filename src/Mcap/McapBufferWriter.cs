using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Mcap;

/// <summary>
/// A growable little-endian byte buffer on <see cref="ArrayPool{T}"/> memory, reused across chunks so that writing
/// a message allocates nothing once the buffer has reached the chunk size. Also an <see cref="IBufferWriter{T}"/> so
/// the LZ4 frame encoder writes straight into it.
/// </summary>
internal sealed class McapBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _length;

    public McapBufferWriter(int initialCapacity = 4096)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));
    }

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public void Reset() => _length = 0;

    public void Advance(int count)
    {
        if (count < 0 || _length + count > _buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }
        _length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 1));
        return _buffer.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 1));
        return _buffer.AsSpan(_length);
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    public void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_length), value);
        _length += 2;
    }

    public void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void WriteUInt64(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    public void WriteBytes(ReadOnlySpan<byte> data)
    {
        Ensure(data.Length);
        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }

    /// <summary>MCAP String: uint32 byte length, UTF-8 bytes.</summary>
    public void WriteString(string value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        Ensure(4 + max);
        int n = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 4));
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), (uint)n);
        _length += 4 + n;
    }

    /// <summary>MCAP Map&lt;string, string&gt;: uint32 byte length, then key/value strings, keys in ordinal order for stable files.</summary>
    public void WriteStringMap(IReadOnlyDictionary<string, string>? map)
    {
        int lengthAt = Reserve(4);
        int start = _length;
        if (map is not null)
        {
            foreach (KeyValuePair<string, string> kv in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                WriteString(kv.Key);
                WriteString(kv.Value);
            }
        }
        PatchUInt32(lengthAt, (uint)(_length - start));
    }

    /// <summary>Starts a record: opcode and a length placeholder; returns the position to hand to <see cref="EndRecord"/>.</summary>
    public int BeginRecord(McapOpcode opcode)
    {
        WriteByte((byte)opcode);
        return Reserve(8);
    }

    public void EndRecord(int lengthAt) => BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(lengthAt), (ulong)(_length - lengthAt - 8));

    public int Reserve(int count)
    {
        Ensure(count);
        int at = _length;
        _length += count;
        return at;
    }

    public void PatchUInt32(int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(at, 4), value);

    public void PatchUInt64(int at, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(at, 8), value);

    public void Dispose()
    {
        byte[] b = _buffer;
        _buffer = [];
        _length = 0;
        if (b.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(b);
        }
    }

    private void Ensure(int extra)
    {
        long need = (long)_length + extra;
        if (need <= _buffer.Length)
        {
            return;
        }
        if (need > Array.MaxLength)
        {
            throw new InvalidOperationException($"MCAP buffer would exceed {Array.MaxLength} bytes");
        }
        int size = (int)Math.Min(Array.MaxLength, Math.Max(need, (long)_buffer.Length * 2));
        byte[] bigger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
        _buffer = bigger;
    }
}
