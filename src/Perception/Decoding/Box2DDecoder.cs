using Perception.Spec;

namespace Perception.Decoding;

/// <summary>
/// Decodes a CenterNet-style image head (`center_box2d`, docs/perception-models.md): the heatmap's
/// peaks (<see cref="HeatmapPeaks"/>), at most max_objects, each with its box from the regression
/// at its cell. With stride s, a peak at row r, column c with (dx, dy, log_w, log_h) is the box of
/// centre u = (c + dx) s - 0.5, v = (r + dy) s - 0.5 and size w = e^log_w, h = e^log_h pixels:
/// (u - w/2, v - h/2, u + w/2, v + h/2), in the image's pixel coordinates (centre of pixel (i, j)
/// at (i, j); output cell c covers pixels c s .. c s + s - 1). Allocates nothing per frame.
/// </summary>
internal sealed class Box2DDecoder
{
    private readonly ModelSpec _spec;
    private readonly int _w;
    private readonly int _stride;
    private readonly int[] _channelOf;
    private readonly HeatmapPeaks _peaks;

    public Box2DDecoder(ModelSpec spec)
    {
        _spec = spec;
        ImageSpec image = spec.Image ?? throw new ArgumentException("a 2-D box head needs a camera_image pre-processing", nameof(spec));
        _stride = spec.Head.Stride;
        _w = image.Width / _stride;
        _channelOf = CenterHeadDecoder.ChannelIndex(spec.Head);
        _peaks = new HeatmapPeaks(spec.Classes.Count, image.Height / _stride, _w, spec.Head.ScoreThreshold);
    }

    /// <summary>Floats of the heatmap output.</summary>
    public int HeatmapLength => _peaks.Length;

    /// <summary>Floats of the regression output.</summary>
    public int RegressionLength => _spec.Head.Channels.Count * _peaks.Plane;

    /// <summary>
    /// Decodes one frame into <paramref name="detections"/> (cleared first). Returns false, with
    /// no detections, when any output value is NaN or infinite.
    /// </summary>
    public bool Decode(ReadOnlySpan<float> heatmap, ReadOnlySpan<float> regression, List<ImageDetection> detections)
    {
        detections.Clear();
        if (!HeatmapPeaks.AllFinite(heatmap) || !HeatmapPeaks.AllFinite(regression))
        {
            return false;
        }
        ReadOnlySpan<Peak> found = _peaks.Find(heatmap);
        int take = Math.Min(found.Length, _spec.Head.MaxObjects);
        int plane = _peaks.Plane;
        for (int i = 0; i < take; i++)
        {
            int k = found[i].Index / plane;
            int cell = found[i].Index % plane;
            int r = cell / _w, c = cell % _w;
            float u = (c + Reg(regression, RegressionChannel.Dx, plane, cell)) * _stride - 0.5f;
            float v = (r + Reg(regression, RegressionChannel.Dy, plane, cell)) * _stride - 0.5f;
            float halfW = 0.5f * MathF.Exp(Reg(regression, RegressionChannel.LogW, plane, cell));
            float halfH = 0.5f * MathF.Exp(Reg(regression, RegressionChannel.LogH, plane, cell));
            detections.Add(new ImageDetection(k, _spec.Classes[k], 1f / (1f + MathF.Exp(-found[i].Logit)), u - halfW, v - halfH, u + halfW, v + halfH));
        }
        return true;
    }

    private float Reg(ReadOnlySpan<float> reg, RegressionChannel ch, int plane, int cell) => reg[_channelOf[(int)ch] * plane + cell];
}
