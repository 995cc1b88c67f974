using SensorModels.Rendering;

namespace SensorModels.Tests.Rendering;

public sealed class JobFanOutTests
{
    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 3)]
    [InlineData(40, 3)]
    [InlineData(40, 0)]
    public void Every_job_runs_exactly_once(int count, int helpers)
    {
        using var fan = new JobFanOut(helpers);
        for (int round = 0; round < 50; round++)
        {
            var hits = new int[count];
            fan.Run(count, j => Interlocked.Increment(ref hits[j]));
            Assert.All(hits, h => Assert.Equal(1, h));
        }
    }

    [Fact]
    public void A_failing_job_is_rethrown_and_the_fan_out_stays_usable()
    {
        using var fan = new JobFanOut(3);
        var e = Assert.Throws<InvalidOperationException>(() => fan.Run(20, j => { if (j == 7) throw new InvalidOperationException("job 7"); }));
        Assert.Equal("job 7", e.Message);
        int sum = 0;
        fan.Run(10, j => Interlocked.Add(ref sum, j));
        Assert.Equal(45, sum);
    }
}
