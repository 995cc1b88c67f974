using SimCore.OpenDrive;
using SimCore.Roads;

namespace SimCore.Tests.OpenDrive;

/// <summary>Lane continuation and elevation are asked per vehicle per step and must not allocate.</summary>
public class NextLaneAllocationTests
{
    [Fact]
    public void TryGetNextLaneAndElevationDoNotAllocate()
    {
        RoadNetwork net = OpenDriveReader.Load(Path.Combine(SharedData.RepoRoot, "scenarios", "roads", "t_junction.xodr"), []);
        Road west = net.Find("1")!, turn = net.Find("11")!;
        double sink = 0;
        void Run()
        {
            for (int i = 0; i < 50; i++)
            {
                net.TryGetNextLane(west, -1, true, out Road n, out int l, out bool st, "11");
                net.TryGetNextLane(turn, -1, true, out n, out l, out st);
                sink += l + (st ? 1 : 0) + n.Length + west.ElevationAt(i);
            }
        }
        Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sink > 0);
    }
}
