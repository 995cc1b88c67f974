using System.Buffers.Binary;

namespace SensorModels.Radar;

/// <summary>
/// A reusable little-endian byte buffer for one sensor payload: grows to the largest payload seen
/// and is then reused, so steady-state outputs allocate nothing.
/// </summary>
internal sealed class PayloadBuffer
{
    private byte[] _bytes;

    public PayloadBuffer(int capacity = 256) => _bytes = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void Int32(int v)
    {
        BinaryPrimitives.WriteInt32LittleEndian(Take(4), v);
    }

    public void Float32(double v)
    {
        BinaryPrimitives.WriteSingleLittleEndian(Take(4), (float)v);
    }

    public void Float64(double v)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(Take(8), v);
    }

    /// <summary>Overwrites an int32 written earlier (counts known only at the end).</summary>
    public void PatchInt32(int offset, int v) => BinaryPrimitives.WriteInt32LittleEndian(_bytes.AsSpan(offset, 4), v);

    private Span<byte> Take(int n)
    {
        if (Length + n > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + n));
        }
        Span<byte> s = _bytes.AsSpan(Length, n);
        Length += n;
        return s;
    }
}
