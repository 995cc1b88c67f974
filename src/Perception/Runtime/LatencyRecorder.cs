using System.Diagnostics;

namespace Perception.Runtime;

/// <summary>
/// Per-call latencies in Stopwatch ticks. Storage doubles when full, so recording allocates only
/// log2(calls) times over a run, never per call in the steady state.
/// </summary>
internal sealed class LatencyRecorder
{
    private long[] _ticks = new long[1024];
    private int _count;

    public void Add(long ticks)
    {
        if (_count == _ticks.Length)
        {
            Array.Resize(ref _ticks, _ticks.Length * 2);
        }
        _ticks[_count++] = ticks;
    }

    public LatencySummary Summary()
    {
        if (_count == 0)
        {
            return default;
        }
        long[] sorted = _ticks.AsSpan(0, _count).ToArray();
        Array.Sort(sorted);
        double toMs = 1000.0 / Stopwatch.Frequency;
        double sum = 0;
        foreach (long t in sorted)
        {
            sum += t;
        }
        return new LatencySummary(_count, Rank(sorted, 0.50) * toMs, Rank(sorted, 0.99) * toMs, sum / _count * toMs, sorted[^1] * toMs);
    }

    /// <summary>Nearest rank: the smallest value with at least p of the calls at or below it.</summary>
    internal static long Rank(long[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
