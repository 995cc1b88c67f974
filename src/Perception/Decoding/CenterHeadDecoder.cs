using Perception.Spec;

namespace Perception.Decoding;

/// <summary>
/// Decodes a CenterPoint-style head (docs/perception-models.md): the heatmap's peaks
/// (<see cref="HeatmapPeaks"/>), at most max_objects, each decoded from the regression at its
/// cell into a 3-D box in the lidar's frame. Buffers are allocated once; a frame allocates nothing.
/// </summary>
internal sealed class CenterHeadDecoder
{
    private readonly ModelSpec _spec;
    private readonly BevSpec _bev;
    private readonly int _w;
    private readonly float _cellSize;
    private readonly int[] _channelOf;
    private readonly HeatmapPeaks _peaks;

    public CenterHeadDecoder(ModelSpec spec)
    {
        _spec = spec;
        _bev = spec.Bev ?? throw new ArgumentException("a 3-D box head needs a lidar_bev pre-processing", nameof(spec));
        _w = _bev.Width / spec.Head.Stride;
        _cellSize = (float)(_bev.Cell * spec.Head.Stride);
        _channelOf = ChannelIndex(spec.Head);
        _peaks = new HeatmapPeaks(spec.Classes.Count, _bev.Height / spec.Head.Stride, _w, spec.Head.ScoreThreshold);
    }

    /// <summary>Floats of the heatmap output.</summary>
    public int HeatmapLength => _peaks.Length;

    /// <summary>Floats of the regression output.</summary>
    public int RegressionLength => _spec.Head.Channels.Count * _peaks.Plane;

    /// <summary>
    /// Decodes one frame into <paramref name="detections"/> (cleared first). Returns false, with
    /// no detections, when any output value is NaN or infinite: a frame the model could not read is
    /// better reported as such than decoded into boxes at nonsense places.
    /// </summary>
    public bool Decode(ReadOnlySpan<float> heatmap, ReadOnlySpan<float> regression, List<Detection> detections)
    {
        detections.Clear();
        if (!HeatmapPeaks.AllFinite(heatmap) || !HeatmapPeaks.AllFinite(regression))
        {
            return false;
        }
        ReadOnlySpan<Peak> found = _peaks.Find(heatmap);
        int take = Math.Min(found.Length, _spec.Head.MaxObjects);
        for (int i = 0; i < take; i++)
        {
            detections.Add(Box(found[i], regression, _peaks.Plane));
        }
        return true;
    }

    /// <summary>The model's channel index of each <see cref="RegressionChannel"/>, -1 where absent.</summary>
    internal static int[] ChannelIndex(CenterHeadSpec head)
    {
        var of = new int[Enum.GetValues<RegressionChannel>().Length];
        Array.Fill(of, -1);
        for (int i = 0; i < head.Channels.Count; i++)
        {
            of[(int)head.Channels[i]] = i;
        }
        return of;
    }

    private Detection Box(Peak peak, ReadOnlySpan<float> reg, int plane)
    {
        int k = peak.Index / plane;
        int cell = peak.Index % plane;
        int r = cell / _w, c = cell % _w;
        float x = (float)_bev.XMin + (c + Reg(reg, RegressionChannel.Dx, plane, cell)) * _cellSize;
        float y = (float)_bev.YMin + (r + Reg(reg, RegressionChannel.Dy, plane, cell)) * _cellSize;
        bool vel = _channelOf[(int)RegressionChannel.Vx] >= 0;
        return new Detection(
            k,
            _spec.Classes[k],
            1f / (1f + MathF.Exp(-peak.Logit)),
            x,
            y,
            Reg(reg, RegressionChannel.Z, plane, cell),
            MathF.Exp(Reg(reg, RegressionChannel.LogL, plane, cell)),
            MathF.Exp(Reg(reg, RegressionChannel.LogW, plane, cell)),
            MathF.Exp(Reg(reg, RegressionChannel.LogH, plane, cell)),
            MathF.Atan2(Reg(reg, RegressionChannel.SinYaw, plane, cell), Reg(reg, RegressionChannel.CosYaw, plane, cell)),
            vel,
            vel ? Reg(reg, RegressionChannel.Vx, plane, cell) : 0f,
            vel ? Reg(reg, RegressionChannel.Vy, plane, cell) : 0f);
    }

    private float Reg(ReadOnlySpan<float> reg, RegressionChannel ch, int plane, int cell) => reg[_channelOf[(int)ch] * plane + cell];
}
