namespace Sim.Runtime.Scoring;

/// <summary>
/// Perception mistakes per hour of scored driving (docs/hil-scoring.md): one rule for a run's
/// result.json and for a batch, where it is total mistakes over total hours, not a mean of ratios.
/// </summary>
internal static class MistakesPerHour
{
    /// <summary><paramref name="mistakes"/> per hour over <paramref name="scoredSeconds"/>; null (never NaN or infinity) when no time was scored.</summary>
    public static double? Of(long mistakes, double scoredSeconds)
        => scoredSeconds > 0 && double.IsFinite(scoredSeconds) ? mistakes * 3600.0 / scoredSeconds : null;
}
