using SensorModels.Lidar.Packets;
using SensorModels.Output;

namespace SensorModels.Lidar.Wire;

/// <summary>
/// A simulated lidar as a Velodyne VLP-32C or VLS-128 (docs/sensors/lidar-wire.md). One column is
/// one firing sequence (a block; four blocks, one per bank, on the VLS-128), 12 blocks a packet, so
/// packets run on across sweeps as the sensor's do. Block azimuth = the column's clockwise azimuth in
/// hundredths of a degree; distance in the model's unit (4 mm), to nearest; timestamp =
/// microseconds past the UTC hour of the packet's first firing; return mode strongest. Each packet
/// is sent at its last column's time, and after every 14 data packets a position packet echoing
/// the linked GNSS's last $GPRMC (the manuals' ratio).
/// </summary>
internal sealed class VelodyneWireEncoder : LidarWireEncoder
{
    /// <summary>Data packets per position packet.</summary>
    public const int DataPerPosition = 14;

    private readonly VelodyneModel _model;
    private readonly int _blocksPerColumn, _columnsPerPacket, _port, _positionPort;
    private readonly byte[] _packet = new byte[VelodyneModels.PacketBytes];
    private readonly byte[] _position = new byte[VelodynePositionPacket.Bytes];
    private readonly double[] _azimuths = new double[VelodyneModels.Blocks];
    private readonly double[] _distances = new double[VelodyneModels.Blocks * VelodyneModels.ChannelsPerBlock];
    private readonly byte[] _intensities = new byte[VelodyneModels.Blocks * VelodyneModels.ChannelsPerBlock];
    private readonly Gnss.NmeaEncoder? _gnss;
    private int _filled;
    private long _firstNs;

    public VelodyneWireEncoder(string sensor, LidarConfig config, LidarWireConfig wire, long periodNs, long utcAtZeroNs, Gnss.NmeaEncoder? gnss)
        : base(sensor, config.Channels, config.Columns, periodNs, utcAtZeroNs)
    {
        _model = wire.Velodyne!.Value;
        _blocksPerColumn = VelodyneModels.BlocksPerSequence(_model);
        _columnsPerPacket = VelodyneModels.Blocks / _blocksPerColumn;
        (_port, _positionPort, _gnss) = (wire.Port, wire.PositionPort, gnss);
    }

    /// <summary>Position packets sent so far.</summary>
    public long PositionPackets { get; private set; }

    /// <summary>Microseconds past the hour of a UTC time (ns since 1970).</summary>
    public static uint MicrosecondsPastHour(long utcNs) => (uint)((utcNs / 1000) % 3_600_000_000L);

    protected override void EncodeSweep(long sequence, long startNs, IDatagramSink sink)
    {
        for (int k = 0; k < Columns; k++)
        {
            long t = startNs + ColumnOffsetNs(k);
            if (_filled == 0)
            {
                _firstNs = t;
            }
            double azimuth = 360.0 * k / Columns;
            for (int bank = 0; bank < _blocksPerColumn; bank++)
            {
                int block = _filled * _blocksPerColumn + bank;
                _azimuths[block] = azimuth;
                for (int c = 0; c < VelodyneModels.ChannelsPerBlock; c++)
                {
                    int laser = bank * VelodyneModels.ChannelsPerBlock + c;
                    _distances[block * 32 + c] = Range(k, laser);
                    _intensities[block * 32 + c] = Reflectivity(k, laser);
                }
            }
            if (++_filled == _columnsPerPacket)
            {
                _filled = 0;
                VelodynePacketWriter.Write(_packet, _model, _azimuths, _distances, _intensities, MicrosecondsPastHour(UtcAtZeroNs + _firstNs));
                sink.Send(Sensor, _port, t, UtcAtZeroNs + t, _packet);
                if (++Packets % DataPerPosition == 0)
                {
                    VelodynePositionPacket.Write(_position, MicrosecondsPastHour(UtcAtZeroNs + t), _gnss is null ? default : _gnss.LastRmc);
                    sink.Send(Sensor, _positionPort, t, UtcAtZeroNs + t, _position);
                    PositionPackets++;
                }
            }
        }
    }
}
