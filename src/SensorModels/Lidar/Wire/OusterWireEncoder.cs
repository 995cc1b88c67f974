using SensorModels.Lidar.Packets;
using SensorModels.Output;

namespace SensorModels.Lidar.Wire;

/// <summary>
/// A simulated lidar as an Ouster sensor (docs/sensors/lidar-wire.md): 16 columns a packet,
/// measurement id m = the model's column (both turn clockwise from +x), row r = the ring of the
/// r-th highest elevation, range in whole mm (round to nearest), column timestamp = the column's
/// nominal firing time on the UTC clock (TIME_FROM_PTP_1588), frame id = sweep number (mod 2^16).
/// Each packet is sent at its last column's time.
/// </summary>
internal sealed class OusterWireEncoder : LidarWireEncoder
{
    /// <summary>Columns per packet (the sensor's default).</summary>
    public const int ColumnsPerPacket = 16;

    /// <summary>The initialisation id written in packets and metadata.</summary>
    public const uint InitId = 1;

    private readonly OusterPacketWriter _writer;
    private readonly byte[] _packet;
    private readonly int[] _rowRing;
    private readonly int _port;

    public OusterWireEncoder(string sensor, LidarConfig config, LidarWireConfig wire, long periodNs, long utcAtZeroNs)
        : base(sensor, config.Channels, config.Columns, periodNs, utcAtZeroNs)
    {
        Format = new OusterPacketFormat(new OusterDataFormat(config.Channels, ColumnsPerPacket, config.Columns, 0, config.Columns - 1,
            wire.Profile, OusterImuProfile.Legacy, 1, new int[config.Channels]));
        _writer = new OusterPacketWriter(Format, InitId, wire.SerialNumber);
        _packet = new byte[Format.LidarPacketBytes];
        _rowRing = RowRings(config.Elevations);
        _port = wire.Port;
    }

    /// <summary>The packet layout.</summary>
    public OusterPacketFormat Format { get; }

    /// <summary>Row r's ring: rings by descending elevation (row 0 the highest beam, as Ouster numbers them).</summary>
    public static int[] RowRings(IReadOnlyList<double> elevations)
        => Enumerable.Range(0, elevations.Count).OrderByDescending(i => elevations[i]).ThenBy(i => i).ToArray();

    /// <summary>The range an Ouster pixel carries for a model range: whole millimetres, to nearest.</summary>
    public static uint RangeMm(float rangeM) => (uint)Math.Round(rangeM * 1000.0);

    protected override void EncodeSweep(long sequence, long startNs, IDatagramSink sink)
    {
        uint frameId = (uint)sequence & 0xFFFF;
        bool signal = Format.HasSignal;
        for (int first = 0; first < Columns; first += ColumnsPerPacket)
        {
            _writer.Begin(_packet, frameId);
            long lastNs = startNs;
            for (int c = 0; c < ColumnsPerPacket; c++)
            {
                int m = first + c;
                lastNs = startNs + ColumnOffsetNs(m);
                _writer.Column(_packet, c, (ulong)(UtcAtZeroNs + lastNs), (ushort)m, valid: true, frameId);
                for (int row = 0; row < Channels; row++)
                {
                    int ring = _rowRing[row];
                    float r = Range(m, ring);
                    if (r > 0)
                    {
                        uint refl = Reflectivity(m, ring);
                        _writer.Pixel(_packet, c, row, RangeMm(r), refl, signal ? refl : 0, 0);
                    }
                }
            }
            _writer.End(_packet);
            sink.Send(Sensor, _port, lastNs, UtcAtZeroNs + lastNs, _packet);
            Packets++;
        }
    }
}
