using SensorModels.Lidar.Packets;

namespace Sim.Runtime.Import.Pcap;

/// <summary>
/// Gathers Velodyne data packets into sweeps (one rotation: a new sweep starts at the block whose
/// azimuth wraps through 0, inside a packet or between two) as <c>lidar.v1</c> points: ring = laser id, column = azimuth in
/// hundredths of a degree, time from the packet's timestamp and the laser's firing time.
/// </summary>
internal sealed class VelodyneSweepAssembler(VelodyneCalibration calibration, Action<long, long, ReadOnlySpan<byte>> emit)
{
    private readonly VelodynePoint[] _points = new VelodynePoint[VelodyneModels.Blocks * VelodyneModels.ChannelsPerBlock];
    private readonly LidarPayload _payload = new();
    private double _lastAzimuth = -1;
    private long _start = long.MinValue, _end;
    private long _hours;
    private uint _lastStamp;
    private int _sweepBlocks;
    private bool _stamped;

    /// <summary>Sweeps written.</summary>
    public int Sweeps { get; private set; }

    /// <summary>Points written.</summary>
    public long PointsWritten { get; private set; }

    /// <summary>The sensor time (microseconds since the first hour seen) of a packet, following the hour's wrap.</summary>
    public long SensorTimeUs(ReadOnlySpan<byte> packet)
    {
        uint stamp = VelodynePacket.TimestampUs(packet);
        if (_stamped && stamp + 1_800_000_000L < _lastStamp)
        {
            _hours++;
        }
        _lastStamp = stamp;
        _stamped = true;
        return _hours * 3_600_000_000L + stamp;
    }

    /// <summary>Adds a packet stamped <paramref name="packetTimeNs"/> (recording time of its first firing).</summary>
    /// <exception cref="FormatException">Not a data packet of the calibration's model.</exception>
    public void Add(ReadOnlySpan<byte> packet, long packetTimeNs)
    {
        int n = VelodynePacket.Decode(calibration, packet[..VelodyneModels.PacketBytes], _points);
        int i = 0;
        for (int block = 0; block < VelodyneModels.Blocks; block++)
        {
            // The head passes 0 anywhere in a packet (a turn is rarely a whole number of packets): the sweep ends at the block whose azimuth drops.
            double azimuth = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(packet[(block * 100 + 2)..]) / 100.0;
            if (_lastAzimuth >= 0 && azimuth < _lastAzimuth)
            {
                Flush();
            }
            _lastAzimuth = azimuth;
            if (_start == long.MinValue)
            {
                _start = packetTimeNs + (i < n && _points[i].Block == block ? (long)Math.Round(_points[i].TimeOffsetUs * 1000) : 0);
            }
            _sweepBlocks++;
            for (; i < n && _points[i].Block == block; i++)
            {
                VelodynePoint p = _points[i];
                long t = packetTimeNs + (long)Math.Round(p.TimeOffsetUs * 1000);
                _end = Math.Max(_end, t);
                _payload.Add(p.X, p.Y, p.Z, p.Distance, p.Intensity / 255.0, (t - _start) * 1e-9, p.Laser, (int)Math.Round(p.AzimuthDeg * 100) % 36000, p.Return);
            }
        }
        _end = Math.Max(_end, packetTimeNs);
    }

    /// <summary>Writes the open sweep.</summary>
    public void Flush()
    {
        if (_start == long.MinValue)
        {
            return;
        }
        Sweeps++;
        PointsWritten += _payload.Points;
        emit(_start, _end, _payload.Finish((uint)(_sweepBlocks * VelodyneModels.ChannelsPerBlock)));
        _sweepBlocks = 0;
        _payload.Clear();
        _start = long.MinValue;
    }
}
