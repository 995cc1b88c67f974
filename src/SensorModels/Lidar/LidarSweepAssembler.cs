using System.Buffers.Binary;
using SensorModels.Output;

namespace SensorModels.Lidar;

/// <summary>
/// Joins one lidar's <c>lidar.v1</c> outputs into whole sweeps (docs/sensors/lidar.md: with
/// <c>packets: P</c> a sweep is P outputs, packet 0 first). The last complete sweep stays available
/// while the next one arrives: as the outputs came (<see cref="Packets"/>) and as one payload of all
/// its points (<see cref="Sweep"/>). Buffers grow to the largest sweep and are then reused.
/// </summary>
public sealed class LidarSweepAssembler
{
    private const int HeaderBytes = LidarPayload.HeaderBytes;

    private byte[] _building = new byte[1 << 16];
    private int _buildingBytes;
    private int _buildingPoints;
    private long _buildingStart;
    private byte[] _complete = new byte[1 << 16];
    private int _completeBytes;
    private byte[] _merged = [];
    private int _mergedBytes = -1;

    /// <summary>Assembles the outputs of lidar <paramref name="lidar"/> (its name in the rig).</summary>
    public LidarSweepAssembler(string lidar) => Lidar = lidar;

    /// <summary>The lidar whose outputs this assembles.</summary>
    public string Lidar { get; }

    /// <summary>True once a sweep has completed.</summary>
    public bool HasSweep { get; private set; }

    /// <summary>The last complete sweep's sequence number.</summary>
    public long Sequence { get; private set; }

    /// <summary>When the last complete sweep began (its first packet's start, ns).</summary>
    public long StartNanoseconds { get; private set; }

    /// <summary>When it ended (its last packet's end, ns).</summary>
    public long EndNanoseconds { get; private set; }

    /// <summary>Points in the last complete sweep.</summary>
    public int Points { get; private set; }

    /// <summary>The last complete sweep's outputs back to back, each with its own header, exactly as they came.</summary>
    public ReadOnlySpan<byte> Packets => _complete.AsSpan(0, _completeBytes);

    /// <summary>
    /// The last complete sweep as one <c>lidar.v1</c> payload: the first packet's header with N the
    /// sweep's point count and "packet 0 of 1", then every point in firing order.
    /// </summary>
    public ReadOnlySpan<byte> Sweep
    {
        get
        {
            if (_mergedBytes < 0)
            {
                Merge();
            }
            return _merged.AsSpan(0, _mergedBytes);
        }
    }

    /// <summary>
    /// Takes one output of the lidar; true when it completed a sweep. Outputs of other sensors are
    /// ignored (false).
    /// </summary>
    /// <exception cref="InvalidDataException">The payload is shorter than a <c>lidar.v1</c> header.</exception>
    public bool Add(in SensorFrame frame, ReadOnlySpan<byte> payload)
    {
        if (frame.Sensor != Lidar)
        {
            return false;
        }
        if (payload.Length < HeaderBytes)
        {
            throw new InvalidDataException($"lidar '{Lidar}': a {payload.Length}-byte output is not lidar.v1");
        }
        int packet = BinaryPrimitives.ReadUInt16LittleEndian(payload[8..]);
        int packets = BinaryPrimitives.ReadUInt16LittleEndian(payload[10..]);
        if (packet == 0)
        {
            (_buildingBytes, _buildingPoints, _buildingStart) = (0, 0, frame.StartNanoseconds);
        }
        if (_buildingBytes + payload.Length > _building.Length)
        {
            Array.Resize(ref _building, Math.Max(_building.Length * 2, _buildingBytes + payload.Length));
        }
        payload.CopyTo(_building.AsSpan(_buildingBytes));
        _buildingBytes += payload.Length;
        _buildingPoints += (int)BinaryPrimitives.ReadUInt32LittleEndian(payload);
        if (packet != packets - 1)
        {
            return false;
        }
        (_building, _complete) = (_complete, _building);
        (_completeBytes, _buildingBytes) = (_buildingBytes, 0);
        (Sequence, StartNanoseconds, EndNanoseconds, Points) = (frame.Sequence, _buildingStart, frame.EndNanoseconds, _buildingPoints);
        _mergedBytes = -1;
        HasSweep = true;
        return true;
    }

    /// <summary>Adds, per entity id, the points of the last complete sweep that hit it (static geometry, id -1, left out).</summary>
    public void CountEntityPoints(Dictionary<int, int> into)
    {
        ReadOnlySpan<byte> sweep = Sweep;
        if (sweep.Length < HeaderBytes)
        {
            return;
        }
        int stride = BinaryPrimitives.ReadUInt16LittleEndian(sweep[4..]);
        for (int i = 0; i < Points; i++)
        {
            int id = BinaryPrimitives.ReadInt32LittleEndian(sweep[(HeaderBytes + i * stride + LidarPayload.EntityIdOffset)..]);
            if (id >= 0)
            {
                into[id] = into.GetValueOrDefault(id) + 1;
            }
        }
    }

    private void Merge()
    {
        ReadOnlySpan<byte> raw = Packets;
        if (raw.Length < HeaderBytes)
        {
            _mergedBytes = 0;
            return;
        }
        int stride = BinaryPrimitives.ReadUInt16LittleEndian(raw[4..]);
        int size = HeaderBytes + Points * stride;
        if (_merged.Length < size)
        {
            _merged = new byte[Math.Max(size, _merged.Length * 2)];
        }
        raw[..HeaderBytes].CopyTo(_merged);
        BinaryPrimitives.WriteUInt32LittleEndian(_merged, (uint)Points);
        BinaryPrimitives.WriteUInt16LittleEndian(_merged.AsSpan(8), 0);
        BinaryPrimitives.WriteUInt16LittleEndian(_merged.AsSpan(10), 1);
        int at = HeaderBytes;
        while (raw.Length >= HeaderBytes)
        {
            int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(raw);
            int bytes = n * BinaryPrimitives.ReadUInt16LittleEndian(raw[4..]);
            raw.Slice(HeaderBytes, bytes).CopyTo(_merged.AsSpan(at));
            at += bytes;
            raw = raw[(HeaderBytes + bytes)..];
        }
        _mergedBytes = at;
    }
}
