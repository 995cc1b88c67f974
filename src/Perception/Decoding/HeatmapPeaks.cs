namespace Perception.Decoding;

/// <summary>
/// The peaks of a class heatmap of logits [K, H, W] (docs/perception-models.md): cells whose logit
/// equals the 3x3 max-pool (padding 1) of their class plane, i.e. no 8-neighbour is larger (ties
/// are all peaks, as in CenterPoint / CenterNet), with score sigmoid(logit) at least the threshold;
/// sorted by score, highest first, ties by class, row, column. The candidate buffer is allocated
/// once; a frame allocates nothing.
/// </summary>
internal sealed class HeatmapPeaks
{
    private readonly int _classes;
    private readonly int _h;
    private readonly int _w;
    private readonly float _logitThreshold;
    private readonly Peak[] _found;

    public HeatmapPeaks(int classes, int height, int width, double scoreThreshold)
    {
        (_classes, _h, _w) = (classes, height, width);
        // sigmoid is monotonic: score >= t exactly when logit >= ln(t / (1 - t)), which spares a
        // sigmoid per cell.
        _logitThreshold = (float)Math.Log(scoreThreshold / (1 - scoreThreshold));
        _found = new Peak[classes * height * width];
    }

    /// <summary>Cells of one class plane.</summary>
    public int Plane => _h * _w;

    /// <summary>Floats of the heatmap.</summary>
    public int Length => _classes * _h * _w;

    /// <summary>The peaks of <paramref name="heatmap"/>, best first; valid until the next call.</summary>
    public ReadOnlySpan<Peak> Find(ReadOnlySpan<float> heatmap)
    {
        int plane = Plane;
        int count = 0;
        for (int k = 0; k < _classes; k++)
        {
            ReadOnlySpan<float> hm = heatmap.Slice(k * plane, plane);
            for (int r = 0; r < _h; r++)
            {
                for (int c = 0; c < _w; c++)
                {
                    float v = hm[r * _w + c];
                    if (v >= _logitThreshold && IsPeak(hm, r, c, v))
                    {
                        _found[count++] = new Peak(v, k * plane + r * _w + c);
                    }
                }
            }
        }
        Span<Peak> found = _found.AsSpan(0, count);
        found.Sort(ByScore);
        return found;
    }

    /// <summary>Whether every value is finite.</summary>
    public static bool AllFinite(ReadOnlySpan<float> values)
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

    /// <summary>
    /// Highest score first; ties by class, row, column, so the order never depends on the sort.
    /// A cached delegate: a struct IComparer would be boxed by the sort on every frame.
    /// </summary>
    private static readonly Comparison<Peak> ByScore = static (a, b) =>
    {
        int byScore = b.Logit.CompareTo(a.Logit);
        return byScore != 0 ? byScore : a.Index.CompareTo(b.Index);
    };
}
