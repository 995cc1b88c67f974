using SensorModels.Lidar.Packets;

namespace Sim.Runtime.Import.Pcap;

/// <summary>
/// Gathers the columns of Ouster lidar packets into frames (one rotation: the columns sharing a
/// frame id) and turns each valid return into a point in the sensor frame with its column's own
/// timestamp. A frame is complete when every column of the azimuth window arrived; partial frames
/// (the capture's first and last, lost packets) are written too and counted.
/// </summary>
internal sealed class OusterFrameAssembler(OusterSensorInfo info, OusterPacketFormat format, Action<OusterFrameAssembler.Frame, ReadOnlySpan<byte>> emit)
{
    /// <summary>What a finished frame held.</summary>
    /// <param name="FrameId">The sensor's frame id.</param>
    /// <param name="StartNs">First column's timestamp (sensor clock, ns).</param>
    /// <param name="EndNs">Last column's timestamp.</param>
    /// <param name="Columns">Valid columns in the window that arrived.</param>
    /// <param name="FirstReturns">Pixels with a first return (range above 0).</param>
    /// <param name="SecondReturns">Pixels with a second return (dual profiles).</param>
    /// <param name="Complete">True when every column of the window arrived.</param>
    public readonly record struct Frame(uint FrameId, ulong StartNs, ulong EndNs, int Columns, int FirstReturns, int SecondReturns, bool Complete);

    private readonly OusterBeamGeometry _geometry = new(info);
    private readonly LidarPayload _payload = new();
    private readonly bool[] _seen = new bool[info.Format.ColumnsPerFrame];
    private bool _open;
    private uint _frameId;
    private ulong _start, _end;
    private int _columns, _first, _second;

    /// <summary>Frames written.</summary>
    public int Frames { get; private set; }

    /// <summary>Frames with every column of the window.</summary>
    public int CompleteFrames { get; private set; }

    /// <summary>Columns that came twice in one frame (the later one is dropped).</summary>
    public int DuplicateColumns { get; private set; }

    /// <summary>Columns marked invalid by the sensor, or outside the window.</summary>
    public int SkippedColumns { get; private set; }

    /// <summary>Adds a lidar packet (of the format's length).</summary>
    public void Add(ReadOnlySpan<byte> packet)
    {
        uint frameId = format.FrameId(packet);
        if (_open && frameId != _frameId)
        {
            Flush();
        }
        if (!_open)
        {
            (_open, _frameId, _columns, _first, _second) = (true, frameId, 0, 0, 0);
            Array.Clear(_seen);
            _payload.Clear();
        }
        int rows = info.Format.PixelsPerColumn;
        for (int c = 0; c < info.Format.ColumnsPerPacket; c++)
        {
            ushort mid = format.MeasurementId(packet, c);
            if (!format.ColumnValid(packet, c) || mid >= info.Format.ColumnsPerFrame || !info.Format.InWindow(mid))
            {
                SkippedColumns++;
                continue;
            }
            if (_seen[mid])
            {
                DuplicateColumns++;
                continue;
            }
            _seen[mid] = true;
            ulong ts = format.ColumnTimestamp(packet, c);
            if (_columns == 0)
            {
                _start = ts;
            }
            _end = Math.Max(_end, ts);
            _columns++;
            double offset = ((long)ts - (long)_start) * 1e-9;
            for (int ret = 0; ret < (format.Dual ? 2 : 1); ret++)
            {
                for (int row = 0; row < rows; row++)
                {
                    uint r = format.Range(packet, c, row, ret);
                    if (r == 0)
                    {
                        continue;
                    }
                    (double x, double y, double z) = _geometry.Point(row, mid, r);
                    double intensity = Math.Min(format.Reflectivity(packet, c, row, ret) / 255.0, 1.0);
                    _payload.Add(x, y, z, r * 1e-3, intensity, offset, row, mid, ret);
                    if (ret == 0)
                    {
                        _first++;
                    }
                    else
                    {
                        _second++;
                    }
                }
            }
        }
    }

    /// <summary>Writes the open frame, if any.</summary>
    public void Flush()
    {
        if (!_open)
        {
            return;
        }
        _open = false;
        if (_columns == 0)
        {
            return;
        }
        bool complete = _columns == info.Format.WindowColumns;
        Frames++;
        CompleteFrames += complete ? 1 : 0;
        uint rays = (uint)(info.Format.WindowColumns * info.Format.PixelsPerColumn * (format.Dual ? 2 : 1));
        emit(new Frame(_frameId, _start, _end, _columns, _first, _second, complete), _payload.Finish(rays));
        _end = 0;
    }
}
