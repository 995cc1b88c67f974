using Perception.Runtime;

namespace Perception.Tests;

public class LatencyRecorderTests
{
    [Fact]
    public void NearestRankPercentiles()
    {
        long[] sorted = Enumerable.Range(1, 200).Select(i => (long)i).ToArray();
        // p50 of 200: rank ceil(100) = 100th value; p99: rank ceil(198) = 198th value.
        Assert.Equal(100, LatencyRecorder.Rank(sorted, 0.50));
        Assert.Equal(198, LatencyRecorder.Rank(sorted, 0.99));
        Assert.Equal(7, LatencyRecorder.Rank(new long[] { 7 }, 0.99));
        var rec = new LatencyRecorder();
        for (int i = 3000; i >= 1; i--)
        {
            rec.Add(i);
        }
        LatencySummary s = rec.Summary();
        Assert.Equal(3000, s.Count);
        double ms = 1000.0 / System.Diagnostics.Stopwatch.Frequency;
        Assert.Equal(1500 * ms, s.P50Ms, 9);
        Assert.Equal(2970 * ms, s.P99Ms, 9);
        Assert.Equal(3000 * ms, s.MaxMs, 9);
        Assert.Equal(1500.5 * ms, s.MeanMs, 9);
    }
}
