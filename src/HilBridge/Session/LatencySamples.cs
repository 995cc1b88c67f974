using System.Diagnostics;
using System.Text.Json;

namespace HilBridge.Session;

/// <summary>Durations measured in <see cref="Stopwatch"/> ticks, summarised as nearest-rank percentiles.</summary>
public sealed class LatencySamples
{
    private readonly List<long> _ticks = new(4096);

    /// <summary>Samples taken.</summary>
    public int Count => _ticks.Count;

    /// <summary>The raw samples (Stopwatch ticks), in the order taken.</summary>
    public IReadOnlyList<long> Ticks => _ticks;

    /// <summary>Adds one duration (Stopwatch ticks; negative values count as 0).</summary>
    public void Add(long stopwatchTicks) => _ticks.Add(Math.Max(0, stopwatchTicks));

    /// <summary>The nearest-rank percentile <paramref name="p"/> (0..1] in milliseconds; NaN with no samples.</summary>
    public double PercentileMs(double p) => Percentile(Sorted(), p);

    /// <summary>Writes {"count", "p50_ms", "p95_ms", "p99_ms", "max_ms", "mean_ms", "stddev_ms"}.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        double[] ms = Sorted();
        w.WriteStartObject();
        w.WriteNumber("count", ms.Length);
        if (ms.Length > 0)
        {
            double mean = ms.Average();
            double variance = ms.Sum(x => (x - mean) * (x - mean)) / ms.Length;
            w.WriteNumber("p50_ms", Round(Percentile(ms, 0.50)));
            w.WriteNumber("p95_ms", Round(Percentile(ms, 0.95)));
            w.WriteNumber("p99_ms", Round(Percentile(ms, 0.99)));
            w.WriteNumber("max_ms", Round(ms[^1]));
            w.WriteNumber("mean_ms", Round(mean));
            w.WriteNumber("stddev_ms", Round(Math.Sqrt(variance)));
        }
        w.WriteEndObject();
    }

    private double[] Sorted()
    {
        double[] ms = new double[_ticks.Count];
        for (int i = 0; i < ms.Length; i++)
        {
            ms[i] = _ticks[i] * 1000.0 / Stopwatch.Frequency;
        }
        Array.Sort(ms);
        return ms;
    }

    private static double Percentile(double[] sorted, double p)
        => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Round(double ms) => Math.Round(ms, 4);
}
