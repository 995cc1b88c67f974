namespace Sim.Runtime.Sil;

/// <summary>How uncertain a model is about a frame, from the class scores of its detections (docs/perception-models.md, "Mining").</summary>
internal static class FrameUncertainty
{
    /// <summary>Binary entropy of a class score (bits): 1 at 0.5, 0 at 0 or 1.</summary>
    public static double Entropy(double score)
    {
        double p = Math.Clamp(score, 1e-12, 1 - 1e-12);
        return -(p * Math.Log2(p) + (1 - p) * Math.Log2(1 - p));
    }

    /// <summary>One minus the margin between the score and its complement: 1 at 0.5, 0 at 0 or 1.</summary>
    public static double Margin(double score) => 1 - Math.Abs(2 * Math.Clamp(score, 0, 1) - 1);

    /// <summary>The frame's uncertainty: the sum over its detections, so a frame with more doubtful objects ranks higher.</summary>
    public static double Of(IEnumerable<double> scores, bool margin) => scores.Sum(s => margin ? Margin(s) : Entropy(s));
}
