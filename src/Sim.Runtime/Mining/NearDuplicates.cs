namespace Sim.Runtime.Mining;

/// <summary>
/// Takes the top K of a ranking without near-identical frames (docs/perception-models.md, "Mining"):
/// walking the ranking from the top, a frame is skipped when an already taken frame of the same
/// scenario variant is at most <c>window</c> seconds away in time (consecutive frames of one drive
/// see nearly the same scene). A window of 0 keeps every frame.
/// </summary>
internal static class NearDuplicates
{
    /// <returns>The frames taken, in ranking order, and how many were skipped before the K-th was taken.</returns>
    public static (List<T> Taken, int Skipped) TopK<T>(IEnumerable<T> ranked, int k, double window, Func<T, DatasetFrame> frameOf)
    {
        var taken = new List<T>();
        var times = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        int skipped = 0;
        // Frame times are multiples of the interval written with a few decimals: a hair of slack
        // keeps "one interval apart" inside a one-interval window.
        double slack = 1e-9 * Math.Max(1, window);
        foreach (T item in ranked)
        {
            if (taken.Count == k)
            {
                break;
            }
            DatasetFrame f = frameOf(item);
            if (window > 0)
            {
                if (!times.TryGetValue(f.Variant, out List<double>? seen))
                {
                    times[f.Variant] = seen = new List<double>();
                }
                if (seen.Exists(t => Math.Abs(t - f.Time) <= window + slack))
                {
                    skipped++;
                    continue;
                }
                seen.Add(f.Time);
            }
            taken.Add(item);
        }
        return (taken, skipped);
    }
}
