namespace Perception.Runtime;

/// <summary>Percentiles of per-call latencies in milliseconds (nearest rank), over <see cref="Count"/> calls.</summary>
/// <param name="Count">Calls measured.</param>
/// <param name="P50Ms">Median.</param>
/// <param name="P99Ms">99th percentile.</param>
/// <param name="MeanMs">Mean.</param>
/// <param name="MaxMs">Slowest call.</param>
public readonly record struct LatencySummary(int Count, double P50Ms, double P99Ms, double MeanMs, double MaxMs);
