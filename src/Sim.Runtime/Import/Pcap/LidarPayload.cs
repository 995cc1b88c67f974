using System.Buffers.Binary;

namespace Sim.Runtime.Import.Pcap;

/// <summary>
/// Builds a <c>lidar.v1</c> payload (docs/sensors/lidar.md) from decoded returns: the 16-byte
/// header, then 36-byte points (x, y, z, range, intensity, time offset, entity -1, ring, column,
/// class 0, return index). The buffer is reused from sweep to sweep.
/// </summary>
internal sealed class LidarPayload
{
    /// <summary>Bytes per point.</summary>
    public const int Stride = 36;

    private byte[] _buffer = new byte[16 + Stride * 1024];
    private int _points;

    /// <summary>Points added since <see cref="Clear"/>.</summary>
    public int Points => _points;

    /// <summary>Starts a new sweep.</summary>
    public void Clear() => _points = 0;

    /// <summary>Adds one return.</summary>
    public void Add(double x, double y, double z, double range, double intensity, double timeOffsetS, int ring, int column, int ret)
    {
        int at = 16 + _points * Stride;
        if (at + Stride > _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        Span<byte> p = _buffer.AsSpan(at, Stride);
        BinaryPrimitives.WriteSingleLittleEndian(p, (float)x);
        BinaryPrimitives.WriteSingleLittleEndian(p[4..], (float)y);
        BinaryPrimitives.WriteSingleLittleEndian(p[8..], (float)z);
        BinaryPrimitives.WriteSingleLittleEndian(p[12..], (float)range);
        BinaryPrimitives.WriteSingleLittleEndian(p[16..], (float)intensity);
        BinaryPrimitives.WriteSingleLittleEndian(p[20..], (float)timeOffsetS);
        BinaryPrimitives.WriteInt32LittleEndian(p[24..], -1);
        BinaryPrimitives.WriteUInt16LittleEndian(p[28..], (ushort)ring);
        BinaryPrimitives.WriteUInt16LittleEndian(p[30..], (ushort)column);
        p[32] = 0;
        p[33] = (byte)ret;
        BinaryPrimitives.WriteUInt16LittleEndian(p[34..], 0);
        _points++;
    }

    /// <summary>The payload: header (one packet per sweep, <paramref name="raysPerSweep"/>) and the points.</summary>
    public ReadOnlySpan<byte> Finish(uint raysPerSweep)
    {
        Span<byte> h = _buffer.AsSpan(0, 16);
        BinaryPrimitives.WriteUInt32LittleEndian(h, (uint)_points);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], Stride);
        BinaryPrimitives.WriteUInt16LittleEndian(h[6..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(h[8..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(h[10..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], raysPerSweep);
        return _buffer.AsSpan(0, 16 + _points * Stride);
    }
}
