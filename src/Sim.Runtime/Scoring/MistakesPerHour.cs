using System.Text.Json;

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

    /// <summary>Writes one class's fp_episodes, fn_episodes, fp_per_hour and fn_per_hour (null rates as JSON null).</summary>
    public static void Write(Utf8JsonWriter w, long ghostEpisodes, long missEpisodes, double scoredSeconds)
    {
        w.WriteNumber("fp_episodes", ghostEpisodes);
        w.WriteNumber("fn_episodes", missEpisodes);
        foreach ((string name, long n) in new[] { ("fp_per_hour", ghostEpisodes), ("fn_per_hour", missEpisodes) })
        {
            if (Of(n, scoredSeconds) is double rate)
            {
                w.WriteNumber(name, rate);
            }
            else
            {
                w.WriteNull(name);
            }
        }
    }
}
