using System.Diagnostics;
using HilBridge.Session;

namespace HilBridge.Tests;

/// <summary>The real-time runner's sub-millisecond sleep really sleeps (a failed system call would return at once and spin). Linux, as the whole bench.</summary>
public class ShortSleepTests
{
    [Fact]
    public void Fifty_sleeps_of_200_microseconds_take_at_least_10_ms()
    {
        var wall = Stopwatch.StartNew();
        for (int i = 0; i < 50; i++)
        {
            ShortSleep.For(200);
        }
        Assert.True(wall.Elapsed >= TimeSpan.FromMilliseconds(10), $"{wall.Elapsed.TotalMilliseconds} ms");
    }
}
