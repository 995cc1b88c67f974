using SimCore.Mathematics;
using SimCore.Roads;

namespace SimCore.Tests.Roads;

public class RoadNetworkTests
{
    private static Road Straight(string id, double x, double y, double heading)
    {
        ReferenceLine line = new ReferenceLineBuilder(x, y, heading).Line(100).Build();
        PiecewiseCubic w = PiecewiseCubic.Constant(3.5);
        return new Road(id, line, [new LaneSection(0, [new Lane(1, LaneType.Driving, w)], [new Lane(-1, LaneType.Driving, w)])]);
    }

    // A crosses the origin heading east, B heading north.
    private static RoadNetwork Crossing() =>
        new([Straight("A", -50, 0, 0), Straight("B", 0, -50, Math.PI / 2)]);

    [Fact]
    public void FindByIdAndRejectDuplicates()
    {
        RoadNetwork net = Crossing();
        Assert.Equal("B", net.Find("B")!.Id);
        Assert.Null(net.Find("C"));
        Assert.Throws<ArgumentException>(() => new RoadNetwork([Straight("A", 0, 0, 0), Straight("A", 5, 5, 0)]));
        Assert.False(new RoadNetwork([]).TryLocate(new Vec2(0, 0), out _));
    }

    [Fact]
    public void HeadingHintChoosesAmongOverlappingRoads()
    {
        RoadNetwork net = Crossing();
        var p = new Vec2(0.5, -1); // in A's lane -1 (t = -1) and B's lane -1 (t = -0.5)
        Assert.True(net.TryLocate(p, out RoadCoordinate east, headingHint: 0.05));
        Assert.Equal("A", east.Road.Id);
        Assert.Equal(-1, east.LaneId);
        Assert.Equal(50.5, east.S, 9);

        Assert.True(net.TryLocate(p, out RoadCoordinate north, headingHint: Math.PI / 2));
        Assert.Equal("B", north.Road.Id);
        Assert.Equal(49, north.S, 9);
        Assert.Equal(-0.5, north.T, 9);

        // No hint: nearest the lane centre (A: |-1 + 1.75| = 0.75 beats B: 1.25).
        Assert.True(net.TryLocate(p, out RoadCoordinate any));
        Assert.Equal("A", any.Road.Id);
    }

    [Fact]
    public void PrefersRoadsWhoseLanesContainThePointThenTheNearest()
    {
        RoadNetwork net = Crossing();
        Assert.True(net.TryLocate(new Vec2(20, 2), out RoadCoordinate c));
        Assert.Equal("A", c.Road.Id);
        Assert.Equal(1, c.LaneId);

        Assert.True(net.TryLocate(new Vec2(20, 10), out c)); // off both; 6.5 m from A's lanes, 16.5 from B's
        Assert.Equal("A", c.Road.Id);
        Assert.Equal(0, c.LaneId);

        Assert.True(net.TryLocate(new Vec2(-2, 30), out c, headingHint: 0));
        Assert.Equal("B", c.Road.Id);
        Assert.Equal(1, c.LaneId);
    }
}
