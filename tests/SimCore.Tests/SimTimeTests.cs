using SimCore.Timing;

namespace SimCore.Tests;

public class SimTimeTests
{
    [Fact]
    public void StepsAccumulateWithoutDrift()
    {
        SimTime step = SimTime.FromSeconds(0.01);
        SimTime t = SimTime.Zero;
        for (int i = 0; i < 100_000; i++)
        {
            t += step;
        }
        // 100000 * 0.01 s summed in doubles drifts; integer nanoseconds land exactly on 1000 s.
        Assert.Equal(1_000L * SimTime.NanosecondsPerSecond, t.Nanoseconds);
    }
}
