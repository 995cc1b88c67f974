using Sim.Runtime.View;

namespace Sim.Runtime.Tests.View;

/// <summary>How the view decimates a large run's poses to fit the page's budget (docs/view.md, "Large runs").</summary>
public sealed class PoseTrackTests
{
    [Fact]
    public void Long_runs_keep_every_kth_state_within_the_budget_and_the_last()
    {
        (int[] states, int stride) = PoseTrack.Plan(60_000, 1000);
        Assert.Equal(16, stride); // 60,001 x 1000 / 4,000,000 rounded up
        Assert.True((long)states.Length * 1000 <= PoseTrack.SampleBudget + 1000);
        Assert.Equal(0, states[0]);
        Assert.Equal(60_000, states[^1]);
        Assert.All(states.Zip(states.Skip(1)), p => Assert.True(p.Second - p.First is > 0 and <= 16));
        (states, stride) = PoseTrack.Plan(2000, 3);
        Assert.Equal(1, stride);
        Assert.Equal(2001, states.Length);
    }
}
