using System.Buffers.Binary;
using SensorModels.Output;

namespace SensorModels.Lidar.Wire;

/// <summary>
/// Turns a lidar's <c>lidar.v1</c> sweeps into its vendor's packets: gathers every return of a
/// sweep by (column, ring) (a sweep split into several outputs is gathered until its last), then
/// lets the vendor's encoder write and send the packets. Buffers are made once; a sweep allocates nothing.
/// </summary>
internal abstract class LidarWireEncoder
{
    private readonly float[] _range;
    private readonly byte[] _reflectivity;
    private long _sweepStart;

    protected LidarWireEncoder(string sensor, int channels, int columns, long periodNs, long utcAtZeroNs)
    {
        (Sensor, Channels, Columns, PeriodNs, UtcAtZeroNs) = (sensor, channels, columns, periodNs, utcAtZeroNs);
        _range = new float[channels * columns];
        _reflectivity = new byte[channels * columns];
    }

    /// <summary>The sensor's name.</summary>
    public string Sensor { get; }

    /// <summary>Rings (lasers).</summary>
    protected int Channels { get; }

    /// <summary>Columns per rotation.</summary>
    protected int Columns { get; }

    /// <summary>Rotation period (ns).</summary>
    protected long PeriodNs { get; }

    /// <summary>UTC (ns since 1970) at simulation time 0: the device clock.</summary>
    protected long UtcAtZeroNs { get; }

    /// <summary>Packets sent so far.</summary>
    public long Packets { get; protected set; }

    /// <summary>Column <paramref name="column"/>'s firing time after the sweep's start (ns): k / C of the period.</summary>
    public long ColumnOffsetNs(int column) => (long)Math.Round((double)column * PeriodNs / Columns);

    /// <summary>Range (m, as the model computed it; 0 is no return) of a ray of the last sweep.</summary>
    protected float Range(int column, int ring) => _range[column * Channels + ring];

    /// <summary>Reflectivity byte of a ray: the model's intensity (0 to 1) in 255ths, as the importers read it back.</summary>
    protected byte Reflectivity(int column, int ring) => _reflectivity[column * Channels + ring];

    /// <summary>The reflectivity byte of an intensity.</summary>
    public static byte ReflectivityByte(float intensity) => (byte)Math.Round(Math.Clamp(intensity, 0f, 1f) * 255.0);

    /// <summary>Adds a <c>lidar.v1</c> output; on a sweep's last output, writes and sends its packets.</summary>
    public void Add(long sequence, long startNs, ReadOnlySpan<byte> payload, IDatagramSink sink)
    {
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload);
        int stride = BinaryPrimitives.ReadUInt16LittleEndian(payload[4..]);
        int index = BinaryPrimitives.ReadUInt16LittleEndian(payload[8..]);
        int packets = BinaryPrimitives.ReadUInt16LittleEndian(payload[10..]);
        if (index == 0)
        {
            Array.Clear(_range);
            _sweepStart = startNs;
        }
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> p = payload.Slice(LidarPayload.HeaderBytes + i * stride, stride);
            int ring = BinaryPrimitives.ReadUInt16LittleEndian(p[28..]), column = BinaryPrimitives.ReadUInt16LittleEndian(p[30..]);
            if (ring < Channels && column < Columns)
            {
                _range[column * Channels + ring] = BinaryPrimitives.ReadSingleLittleEndian(p[12..]);
                _reflectivity[column * Channels + ring] = ReflectivityByte(BinaryPrimitives.ReadSingleLittleEndian(p[16..]));
            }
        }
        if (index == packets - 1)
        {
            EncodeSweep(sequence, _sweepStart, sink);
        }
    }

    /// <summary>Writes and sends the packets of the sweep gathered, which began at <paramref name="startNs"/>.</summary>
    protected abstract void EncodeSweep(long sequence, long startNs, IDatagramSink sink);
}
