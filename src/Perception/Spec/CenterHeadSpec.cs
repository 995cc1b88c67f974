using SimCore.Diagnostics;

namespace Perception.Spec;

/// <summary>
/// Post-processing of a centre head: a per-class heatmap of logits [1, K, H/s, W/s] and a box
/// regression [1, R, H/s, W/s] (s = <see cref="Stride"/>), decoded at 3x3 max-pool peaks; 3-D
/// boxes (CenterPoint, `center_head`) or 2-D image boxes (CenterNet, `center_box2d`).
/// </summary>
/// <param name="Kind">3-D or 2-D boxes.</param>
/// <param name="Heatmap">Output holding the class logits.</param>
/// <param name="Regression">Output holding the box regression.</param>
/// <param name="Channels">Regression channel order; index i is the model's channel i.</param>
/// <param name="Stride">Input cells (raster cells or pixels) per output cell.</param>
/// <param name="ScoreThreshold">Lowest sigmoid score kept.</param>
/// <param name="MaxObjects">Most detections per frame, highest scores first.</param>
/// <param name="Where">The spec entry, for messages.</param>
internal sealed record CenterHeadSpec(
    HeadKind Kind,
    string Heatmap,
    string Regression,
    IReadOnlyList<RegressionChannel> Channels,
    int Stride,
    double ScoreThreshold,
    int MaxObjects,
    SourceLocation Where)
{
    public bool HasVelocity => Channels.Contains(RegressionChannel.Vx);
}
