using System.Buffers.Binary;
using Perception.Spec;
using SensorModels.Lidar;

namespace Perception.Bev;

/// <summary>
/// Turns a lidar.v1 payload into the bird's-eye-view raster of a <see cref="BevSpec"/>, written
/// into a caller-owned float buffer in NCHW order (N = 1). The per-cell accumulators are allocated
/// once, so a frame allocates nothing.
/// </summary>
internal sealed class BevRasterizer
{
    // ln 64: a cell of 63 points saturates the density channel (PIXOR / MV3D).
    private static readonly float InvLog64 = (float)(1.0 / Math.Log(64.0));

    private readonly BevSpec _spec;
    private readonly int _w;
    private readonly int _h;
    // One struct per cell rather than an array per statistic: a point touches one cache line.
    private readonly CellStats[] _cells;

    public BevRasterizer(BevSpec spec)
    {
        _spec = spec;
        _w = spec.Width;
        _h = spec.Height;
        _cells = new CellStats[_w * _h];
    }

    /// <summary>Floats the raster needs: channels x rows x columns.</summary>
    public int Length => _spec.Channels.Count * _w * _h;

    /// <summary>Points of the last frame that fell inside the raster.</summary>
    public int PointsUsed { get; private set; }

    /// <summary>Rasterises one payload into <paramref name="raster"/> (length <see cref="Length"/>).</summary>
    /// <exception cref="InvalidDataException">The payload is not a well-formed lidar.v1 payload.</exception>
    public void Rasterize(ReadOnlySpan<byte> payload, Span<float> raster)
    {
        if (raster.Length != Length)
        {
            throw new ArgumentException($"the raster buffer holds {raster.Length} floats; {Length} needed", nameof(raster));
        }
        if (payload.Length < LidarPayload.HeaderBytes)
        {
            throw new InvalidDataException($"a {LidarPayload.Format} payload has a {LidarPayload.HeaderBytes}-byte header; this one has {payload.Length} bytes");
        }
        uint n = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        int stride = BinaryPrimitives.ReadUInt16LittleEndian(payload[4..]);
        bool hasCompensated = (BinaryPrimitives.ReadUInt16LittleEndian(payload[6..]) & 1) != 0;
        if (stride != (hasCompensated ? LidarPayload.CompensatedPointBytes : LidarPayload.PointBytes))
        {
            throw new InvalidDataException($"{LidarPayload.Format} payload: point stride {stride} with compensation flag {hasCompensated}; expected 36 without, 48 with");
        }
        if (LidarPayload.HeaderBytes + (long)n * stride > payload.Length)
        {
            throw new InvalidDataException($"{LidarPayload.Format} payload: {n} points of {stride} bytes need {LidarPayload.HeaderBytes + (long)n * stride} bytes; it has {payload.Length}");
        }
        if (_spec.Compensated && !hasCompensated)
        {
            throw new InvalidDataException($"the model spec asks for motion-compensated points ('compensated: true'), but the {LidarPayload.Format} payload has none (rig: motion_compensated: true)");
        }
        // Compensated xyz sit after the 36 bytes of the plain point.
        int xyzOffset = _spec.Compensated ? LidarPayload.PointBytes : 0;

        _cells.AsSpan().Clear();
        float xMin = (float)_spec.XMin, yMin = (float)_spec.YMin, zMin = (float)_spec.ZMin;
        float xMax = (float)_spec.XMax, yMax = (float)_spec.YMax, zMax = (float)_spec.ZMax;
        float invCell = (float)(1.0 / _spec.Cell);
        int used = 0;
        ReadOnlySpan<byte> points = payload[LidarPayload.HeaderBytes..];
        for (int p = 0; p < n; p++)
        {
            ReadOnlySpan<byte> pt = points.Slice(p * stride, stride);
            float x = BinaryPrimitives.ReadSingleLittleEndian(pt[xyzOffset..]);
            float y = BinaryPrimitives.ReadSingleLittleEndian(pt[(xyzOffset + 4)..]);
            float z = BinaryPrimitives.ReadSingleLittleEndian(pt[(xyzOffset + 8)..]);
            float intensity = BinaryPrimitives.ReadSingleLittleEndian(pt[16..]);
            // Written as "inside" tests so NaN coordinates fall out too.
            if (!(x >= xMin && x < xMax && y >= yMin && y < yMax && z >= zMin && z < zMax))
            {
                continue;
            }
            // Float rounding can put x just below xMax into column W; clamp it to the last one.
            int col = Math.Min((int)((x - xMin) * invCell), _w - 1);
            int row = Math.Min((int)((y - yMin) * invCell), _h - 1);
            ref CellStats cell = ref _cells[row * _w + col];
            float height = z - zMin;
            if (cell.Count == 0 || height > cell.MaxZ)
            {
                cell.MaxZ = height;
            }
            if (cell.Count == 0 || intensity > cell.MaxI)
            {
                cell.MaxI = intensity;
            }
            cell.Count++;
            cell.SumZ += height;
            cell.SumI += intensity;
            used++;
        }
        PointsUsed = used;

        int plane = _w * _h;
        for (int c = 0; c < _spec.Channels.Count; c++)
        {
            Fill(_spec.Channels[c], raster.Slice(c * plane, plane));
        }
    }

    /// <summary>One channel plane; the switch sits outside the per-cell loop.</summary>
    private void Fill(BevChannel channel, Span<float> dst)
    {
        ReadOnlySpan<CellStats> cells = _cells;
        switch (channel)
        {
            case BevChannel.MaxHeight:
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = cells[i].MaxZ;
                }
                break;
            case BevChannel.MeanHeight:
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = cells[i].Count == 0 ? 0f : cells[i].SumZ / cells[i].Count;
                }
                break;
            case BevChannel.MeanIntensity:
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = cells[i].Count == 0 ? 0f : cells[i].SumI / cells[i].Count;
                }
                break;
            case BevChannel.MaxIntensity:
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = cells[i].MaxI;
                }
                break;
            case BevChannel.Density:
                for (int i = 0; i < dst.Length; i++)
                {
                    int k = cells[i].Count;
                    dst[i] = k == 0 ? 0f : Math.Min(1f, MathF.Log(k + 1) * InvLog64);
                }
                break;
            case BevChannel.Occupancy:
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = cells[i].Count == 0 ? 0f : 1f;
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(channel), channel, null);
        }
    }

    /// <summary>Per-cell statistics; all zero for an empty cell, so empty cells read 0 in every channel.</summary>
    private struct CellStats
    {
        public int Count;
        public float MaxZ;
        public float SumZ;
        public float SumI;
        public float MaxI;
    }
}
