using System.Buffers.Binary;
using System.Text;

namespace Sim.Runtime.Ros2;

/// <summary>
/// Writes plain little-endian CDR as ROS 2's rmw does (the counterpart of <see cref="CdrReader"/>):
/// the encapsulation header 00 01 00 00, then every primitive aligned to its size counted from after
/// it, strings as uint32 length with the NUL and the bytes, sequences as a uint32 count and the
/// elements. One buffer, reused message after message.
/// </summary>
internal sealed class CdrWriter
{
    private const int Origin = 4;
    private byte[] _b = new byte[4096];
    private int _pos;

    /// <summary>Starts a message.</summary>
    public CdrWriter Begin()
    {
        _b[0] = 0;
        _b[1] = 1;
        _b[2] = 0;
        _b[3] = 0;
        _pos = Origin;
        return this;
    }

    /// <summary>The message so far.</summary>
    public ReadOnlySpan<byte> Written => _b.AsSpan(0, _pos);

    private Span<byte> Take(int size, int align)
    {
        int rem = (_pos - Origin) % align;
        if (rem != 0)
        {
            Ensure(align - rem);
            _b.AsSpan(_pos, align - rem).Clear();
            _pos += align - rem;
        }
        Ensure(size);
        Span<byte> s = _b.AsSpan(_pos, size);
        _pos += size;
        return s;
    }

    private void Ensure(int more)
    {
        if (_pos + more > _b.Length)
        {
            Array.Resize(ref _b, Math.Max(_b.Length * 2, _pos + more));
        }
    }

    public void U8(byte v) => Take(1, 1)[0] = v;

    public void I8(sbyte v) => Take(1, 1)[0] = (byte)v;

    public void Bool(bool v) => Take(1, 1)[0] = v ? (byte)1 : (byte)0;

    public void U16(ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(Take(2, 2), v);

    public void U32(uint v) => BinaryPrimitives.WriteUInt32LittleEndian(Take(4, 4), v);

    public void I32(int v) => BinaryPrimitives.WriteInt32LittleEndian(Take(4, 4), v);

    public void F64(double v) => BinaryPrimitives.WriteDoubleLittleEndian(Take(8, 8), v);

    public void String(string s)
    {
        int n = Encoding.UTF8.GetByteCount(s);
        U32((uint)n + 1);
        Span<byte> d = Take(n + 1, 1);
        Encoding.UTF8.GetBytes(s, d);
        d[n] = 0;
    }

    /// <summary>A uint8[] sequence.</summary>
    public void ByteSequence(ReadOnlySpan<byte> data)
    {
        U32((uint)data.Length);
        data.CopyTo(Take(data.Length, 1));
    }

    /// <summary>Room for a uint8[] sequence of <paramref name="n"/> bytes, to fill in place.</summary>
    public Span<byte> ByteSequence(int n)
    {
        U32((uint)n);
        return Take(n, 1);
    }

    /// <summary>A fixed uint8[N] array.</summary>
    public void Bytes(ReadOnlySpan<byte> data) => data.CopyTo(Take(data.Length, 1));

    /// <summary>A sequence count.</summary>
    public void Count(int n) => U32((uint)n);
}
