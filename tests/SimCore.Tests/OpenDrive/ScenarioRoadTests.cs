using SimCore.Diagnostics;
using SimCore.Mathematics;
using SimCore.OpenDrive;
using SimCore.Roads;

namespace SimCore.Tests.OpenDrive;

/// <summary>The project's own OpenDRIVE roads in scenarios/roads load cleanly and put lanes where their comments say.</summary>
public class ScenarioRoadTests
{
    private static RoadNetwork Load(string name, out List<InputError> warnings)
    {
        warnings = [];
        return OpenDriveReader.Load(Path.Combine(SharedData.RepoRoot, "scenarios", "roads", name), warnings);
    }

    [Fact]
    public void HighwayLaneDrop()
    {
        RoadNetwork net = Load("highway_lane_drop.xodr", out List<InputError> warnings);
        Assert.Empty(warnings);
        Road r = Assert.Single(net.Roads);
        Assert.Equal(2000, r.Length, 9);
        Pose2 p = r.ToWorld(1000, r.LaneCenterT(-2, 1000));
        Assert.Equal(1000, p.Position.X, 9);
        Assert.Equal(-5.25, p.Position.Y, 9);            // 3.5 + 3.5 / 2
        Assert.Equal(10, r.ElevationAt(1000), 9);        // 1 % grade
        Assert.Equal(1.75, r.LaneWidth(-3, 1600), 9);    // halfway through the cubic taper
        Assert.False(r.HasLane(-3, 1700) && r.SectionAt(1700).GetLane(-3)!.Type == LaneType.Driving);
        Assert.Equal(120 / 3.6, r.SpeedLimitAt(10, -1)!.Value, 9);
        Assert.StartsWith("+proj=tmerc", net.Header!.GeoReference);
    }

    [Fact]
    public void TJunctionConnectsArmsThroughArcs()
    {
        RoadNetwork net = Load("t_junction.xodr", out List<InputError> warnings);
        Assert.Empty(warnings);
        Road west = net.Find("1")!, right = net.Find("11")!, left = net.Find("12")!;
        double q = Math.PI / 2 * 10;

        // Right turn: arc of radius 10 about (-10, -10); its midpoint is 10 m from there at 45 degrees.
        Pose2 mid = right.ToWorld(q / 2, 0);
        Assert.Equal(-10 + 10 * Math.Sqrt(0.5), mid.Position.X, 9);
        Assert.Equal(-10 + 10 * Math.Sqrt(0.5), mid.Position.Y, 9);
        // Both turns end in road 3's lane -1 at (-1.75, -10).
        foreach (Road turn in new[] { right, left })
        {
            Pose2 end = turn.ToWorld(q, turn.LaneCenterT(-1, q));
            Assert.Equal(-1.75, end.Position.X, 9);
            Assert.Equal(-10, end.Position.Y, 9);
        }

        Assert.True(net.TryGetNextLane(west, -1, atEnd: true, out Road next, out int lane, out bool atStart));
        Assert.Equal(("10", -1, true), (next.Id, lane, atStart));
        Assert.True(net.TryGetNextLane(west, -1, atEnd: true, out next, out _, out _, preferredConnectingRoad: "11"));
        Assert.True(net.TryGetNextLane(next, -1, atEnd: true, out next, out lane, out atStart));
        Assert.Equal(("3", -1, true), (next.Id, lane, atStart));
        // From the east arm, westbound (lane 1 runs against s, so it leaves at s = 0).
        Assert.True(net.TryGetNextLane(net.Find("2")!, 1, atEnd: false, out next, out lane, out atStart, "12"));
        Assert.Equal(("12", -1, true), (next.Id, lane, atStart));
        Assert.Equal(5, net.FindJunction("100")!.Connections.Count);
    }
}
