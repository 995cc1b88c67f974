using SimCore.Mathematics;
using SimCore.Roads;

namespace SimCore.Tests.Roads;

/// <summary>The per-vehicle queries run thousands of times per step and must not allocate.</summary>
public class AllocationTests
{
    [Fact]
    public void HotQueriesDoNotAllocate()
    {
        Road road = RoadTests.ThreePlusTwo();
        ReferenceLine chain = ReferenceLineTests.MixedChain();
        var p = new Vec2(60, 30);
        double sink = 0;
        void Run()
        {
            for (int i = 0; i < 50; i++)
            {
                double s = i * 3.7;
                sink += chain.Evaluate(s).X;
                sink += road.ToWorld(s, 1.0).X;
                sink += road.SectionAt(s).S;
                sink += road.LaneCenterT(-1, s);
                sink += road.LaneIdAt(s, -2.0);
                sink += road.HeadingAt(s, -2.0);
                sink += road.SpeedLimitAt(s, -1) ?? 0;
                sink += road.LaneIdRange(s).Min;
            }
            chain.TryProject(p, out double ps, out double pt);
            road.TryProject(p, out RoadCoordinate c);
            sink += ps + pt + c.S;
        }
        Run(); // JIT and tiering first
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sink));
    }
}
