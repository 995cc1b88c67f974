using System.Buffers.Binary;

namespace Sim.Cli.Sil;

/// <summary>
/// Joins the packets of a lidar sweep (lidar.v1 payloads, packet i of n) into one payload of the
/// whole sweep: the first packet's header with the total point count, packet 0 of 1. The buffer
/// grows to the largest sweep seen and is reused.
/// </summary>
internal sealed class SweepAssembler
{
    private byte[] _sweep = new byte[1 << 16];
    private int _bytes;
    private int _points;

    /// <summary>The last completed sweep (valid after <see cref="Add"/> returned true, until the next packet 0).</summary>
    public ReadOnlySpan<byte> Sweep => _sweep.AsSpan(0, _bytes);

    /// <summary>Takes one lidar.v1 payload; true when it completed a sweep.</summary>
    /// <exception cref="InvalidDataException">The payload is shorter than a lidar.v1 header.</exception>
    public bool Add(ReadOnlySpan<byte> payload, string lidar)
    {
        if (payload.Length < 16)
        {
            throw new InvalidDataException($"lidar '{lidar}': a {payload.Length}-byte output is not lidar.v1");
        }
        uint points = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        int packet = BinaryPrimitives.ReadUInt16LittleEndian(payload[8..]);
        int packets = BinaryPrimitives.ReadUInt16LittleEndian(payload[10..]);
        if (packet == 0)
        {
            (_bytes, _points) = (0, 0);
            Append(payload[..16]);
        }
        Append(payload[16..]);
        _points += (int)points;
        if (packet != packets - 1)
        {
            return false;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(_sweep, (uint)_points);
        BinaryPrimitives.WriteUInt16LittleEndian(_sweep.AsSpan(8), 0);
        BinaryPrimitives.WriteUInt16LittleEndian(_sweep.AsSpan(10), 1);
        return true;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_bytes + bytes.Length > _sweep.Length)
        {
            Array.Resize(ref _sweep, Math.Max(_sweep.Length * 2, _bytes + bytes.Length));
        }
        bytes.CopyTo(_sweep.AsSpan(_bytes));
        _bytes += bytes.Length;
    }
}
