using Perception.Spec;

namespace Perception.Decoding;

/// <summary>
/// Decodes a CenterPoint-style head (docs/perception-models.md): peaks of the class heatmap that
/// are the maximum of their 3x3 neighbourhood (max-pool NMS) and score at least the threshold,
/// highest first, at most max_objects; each decoded from the regression at its cell. Buffers are
/// allocated once; a frame allocates nothing.
/// </summary>
internal sealed class CenterHeadDecoder
{
    private readonly ModelSpec _spec;
    private readonly int _w;
    private readonly int _h;
    private readonly int _classes;
    private readonly float _logitThreshold;
    private readonly float _cellSize;
    private readonly int[] _channelOf;
    private readonly Candidate[] _candidates;

    public CenterHeadDecoder(ModelSpec spec)
    {
        _spec = spec;
        _w = spec.Bev.Width / spec.Head.Stride;
        _h = spec.Bev.Height / spec.Head.Stride;
        _classes = spec.Classes.Count;
        // sigmoid is monotonic: score >= t exactly when logit >= ln(t / (1 - t)), which spares a
        // sigmoid per cell.
        double t = spec.Head.ScoreThreshold;
        _logitThreshold = (float)Math.Log(t / (1 - t));
        _cellSize = (float)(spec.Bev.Cell * spec.Head.Stride);
        _channelOf = new int[Enum.GetValues<RegressionChannel>().Length];
        Array.Fill(_channelOf, -1);
        for (int i = 0; i < spec.Head.Channels.Count; i++)
        {
            _channelOf[(int)spec.Head.Channels[i]] = i;
        }
        _candidates = new Candidate[_classes * _w * _h];
    }

    /// <summary>Floats of the heatmap output.</summary>
    public int HeatmapLength => _classes * _w * _h;

    /// <summary>Floats of the regression output.</summary>
    public int RegressionLength => _spec.Head.Channels.Count * _w * _h;

    /// <summary>
    /// Decodes one frame into <paramref name="detections"/> (cleared first). Returns false, with
    /// no detections, when any output value is NaN or infinite: a frame the model could not read is
    /// better reported as such than decoded into boxes at nonsense places.
    /// </summary>
    public bool Decode(ReadOnlySpan<float> heatmap, ReadOnlySpan<float> regression, List<Detection> detections)
    {
        detections.Clear();
        if (!AllFinite(heatmap) || !AllFinite(regression))
        {
            return false;
        }
        int plane = _w * _h;
        int count = 0;
        for (int k = 0; k < _classes; k++)
        {
            ReadOnlySpan<float> hm = heatmap.Slice(k * plane, plane);
            for (int r = 0; r < _h; r++)
            {
                for (int c = 0; c < _w; c++)
                {
                    float v = hm[r * _w + c];
                    if (v < _logitThreshold || !IsPeak(hm, r, c, v))
                    {
                        continue;
                    }
                    _candidates[count++] = new Candidate(v, k * plane + r * _w + c);
                }
            }
        }
        Span<Candidate> found = _candidates.AsSpan(0, count);
        found.Sort(ByScore);
        int take = Math.Min(count, _spec.Head.MaxObjects);
        for (int i = 0; i < take; i++)
        {
            detections.Add(Box(found[i], regression, plane));
        }
        return true;
    }

    /// <summary>The value equals the 3x3 max-pool (padding 1) at its cell: ties are all peaks, as in CenterPoint.</summary>
    private bool IsPeak(ReadOnlySpan<float> hm, int r, int c, float v)
    {
        int r0 = Math.Max(0, r - 1), r1 = Math.Min(_h - 1, r + 1);
        int c0 = Math.Max(0, c - 1), c1 = Math.Min(_w - 1, c + 1);
        for (int rr = r0; rr <= r1; rr++)
        {
            for (int cc = c0; cc <= c1; cc++)
            {
                if (hm[rr * _w + cc] > v)
                {
                    return false;
                }
            }
        }
        return true;
    }

    private Detection Box(Candidate cand, ReadOnlySpan<float> reg, int plane)
    {
        int k = cand.Index / plane;
        int cell = cand.Index % plane;
        int r = cell / _w, c = cell % _w;
        float x = (float)_spec.Bev.XMin + (c + Reg(reg, RegressionChannel.Dx, plane, cell)) * _cellSize;
        float y = (float)_spec.Bev.YMin + (r + Reg(reg, RegressionChannel.Dy, plane, cell)) * _cellSize;
        bool vel = _channelOf[(int)RegressionChannel.Vx] >= 0;
        return new Detection(
            k,
            _spec.Classes[k],
            1f / (1f + MathF.Exp(-cand.Logit)),
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

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }
        }
        return true;
    }

    private readonly record struct Candidate(float Logit, int Index);

    /// <summary>
    /// Highest score first; ties by class, row, column, so the order never depends on the sort.
    /// A cached delegate: a struct IComparer would be boxed by the sort on every frame.
    /// </summary>
    private static readonly Comparison<Candidate> ByScore = static (a, b) =>
    {
        int byScore = b.Logit.CompareTo(a.Logit);
        return byScore != 0 ? byScore : a.Index.CompareTo(b.Index);
    };
}
