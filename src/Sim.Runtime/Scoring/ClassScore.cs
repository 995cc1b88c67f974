namespace Sim.Runtime.Scoring;

/// <summary>
/// Counts and metrics of one class over all scored ticks. A metric whose denominator is zero
/// is null (written as JSON null), never NaN.
/// </summary>
/// <param name="Class">Class name.</param>
/// <param name="TruePositives">Perceived objects matched to a ground-truth object.</param>
/// <param name="FalsePositives">Perceived objects (at or above the score threshold) matched to nothing.</param>
/// <param name="FalseNegatives">Ground-truth objects nothing was matched to.</param>
/// <param name="MeanIou">Mean bird's-eye-view IoU over matched pairs; null without matches.</param>
/// <param name="MeanCentreError">Mean bird's-eye-view distance between matched centres (m); null without matches.</param>
internal sealed record ClassScore(string Class, long TruePositives, long FalsePositives, long FalseNegatives, double? MeanIou, double? MeanCentreError)
{
    /// <summary>
    /// Ghost episodes: a perceived id unmatched for <see cref="PerceptionScorerOptions.MissFrames"/>
    /// consecutive scored ticks is one false-positive mistake until the episode ends (the false_positive events, uncapped).
    /// </summary>
    public long FalsePositiveEpisodes { get; init; }

    /// <summary>
    /// Miss episodes: a ground-truth object unmatched for <see cref="PerceptionScorerOptions.MissFrames"/>
    /// consecutive scored ticks is one false-negative mistake until the episode ends (the missed events, uncapped).
    /// </summary>
    public long FalseNegativeEpisodes { get; init; }

    /// <summary>TP / (TP + FP); null when nothing of the class was perceived.</summary>
    public double? Precision => TruePositives + FalsePositives > 0 ? (double)TruePositives / (TruePositives + FalsePositives) : null;

    /// <summary>TP / (TP + FN); null when no object of the class was there.</summary>
    public double? Recall => TruePositives + FalseNegatives > 0 ? (double)TruePositives / (TruePositives + FalseNegatives) : null;
}
