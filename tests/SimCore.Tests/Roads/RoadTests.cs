using SimCore.Mathematics;
using SimCore.Roads;

namespace SimCore.Tests.Roads;

public class RoadTests
{
    private static PiecewiseCubic Poly(double a, double b = 0, double c = 0, double d = 0) =>
        new([(0.0, new CubicPolynomial(a, b, c, d))]);

    private const double X0 = 10, Y0 = 5, H0 = 0.3;

    /// <summary>
    /// A 200 m straight road (start (10, 5), heading 0.3) with laneOffset 0.5 + 0.01 s until s = 100,
    /// then 1.5. Section 0 (s 0..120): lanes 2, 1 | -1, -2, -3. Section 1 (s 120..200): lanes 2 (opening
    /// from zero width), 1 | -1, -2 (zero width).
    /// </summary>
    internal static Road ThreePlusTwo(double? roadLimit = 30)
    {
        ReferenceLine line = new ReferenceLineBuilder(X0, Y0, H0).Line(200).Build();
        var laneOffset = new PiecewiseCubic([(0.0, new CubicPolynomial(0.5, 0.01, 0, 0)), (100.0, new CubicPolynomial(1.5, 0, 0, 0))]);
        var s0 = new LaneSection(0,
            [new Lane(1, LaneType.Driving, Poly(3.0)), new Lane(2, LaneType.Shoulder, Poly(2.0, 0.01))],
            [
                new Lane(-1, LaneType.Driving, Poly(3.5), speedLimit: 15),
                new Lane(-2, LaneType.Driving, new PiecewiseCubic([(0.0, new CubicPolynomial(3.0, 0, 0, 0)), (50.0, new CubicPolynomial(3.0, 0.02, -0.0001, 0))])),
                new Lane(-3, LaneType.Sidewalk, Poly(2.5)),
            ],
            speedLimit: 20);
        var s1 = new LaneSection(120,
            [new Lane(1, LaneType.Driving, Poly(3.0)), new Lane(2, LaneType.Entry, Poly(0, 0.05))],
            [new Lane(-1, LaneType.Driving, Poly(3.25, 0.01)), new Lane(-2, LaneType.Border, Poly(0))]);
        return new Road("r1", line, [s0, s1], laneOffset, roadLimit, name: "main");
    }

    [Fact]
    public void LaneCentresMatchHandValues()
    {
        Road road = ThreePlusTwo();
        // s = 60: offset 0.5 + 0.6 = 1.1.
        //  lane 1: [1.1, 4.1]; lane 2: width 2 + 0.6 = 2.6 -> [4.1, 6.7]
        //  lane -1: [1.1, -2.4]; lane -2: record at 50, ds 10: 3 + 0.2 - 0.01 = 3.19 -> [-2.4, -5.59]; lane -3: [-5.59, -8.09]
        Assert.Equal(2.6, road.LaneCenterT(1, 60), 12);
        Assert.Equal(5.4, road.LaneCenterT(2, 60), 12);
        Assert.Equal(-0.65, road.LaneCenterT(-1, 60), 12);
        Assert.Equal(-3.995, road.LaneCenterT(-2, 60), 12);
        Assert.Equal(-6.84, road.LaneCenterT(-3, 60), 12);
        Assert.Equal(1.1, road.LaneCenterT(0, 60), 12);
        Assert.Equal(3.19, road.LaneWidth(-2, 60), 12);
        Assert.True(road.TryGetLaneBorders(-2, 60, out double inner, out double outer));
        Assert.Equal(-2.4, inner, 12);
        Assert.Equal(-5.59, outer, 12);

        // s = 150 (section 1, ds 30): offset 1.5; lane 1 [1.5, 4.5]; lane 2 width 1.5 -> [4.5, 6.0];
        // lane -1 width 3.25 + 0.3 = 3.55 -> [1.5, -2.05].
        Assert.Equal(3.0, road.LaneCenterT(1, 150), 12);
        Assert.Equal(5.25, road.LaneCenterT(2, 150), 12);
        Assert.Equal(-0.275, road.LaneCenterT(-1, 150), 12);
    }

    [Fact]
    public void MissingLaneThrowsNamingRoadLaneAndS()
    {
        Road road = ThreePlusTwo();
        ArgumentException ex = Assert.Throws<ArgumentException>(() => road.LaneCenterT(-3, 150));
        Assert.Contains("'r1'", ex.Message);
        Assert.Contains("lane -3", ex.Message);
        Assert.Contains("s=150", ex.Message);
        Assert.Throws<ArgumentException>(() => road.LaneWidth(3, 10));
        Assert.False(road.TryGetLaneBorders(3, 10, out _, out _));
    }

    [Fact]
    public void HasLaneNeedsPositiveWidth()
    {
        Road road = ThreePlusTwo();
        Assert.True(road.HasLane(-3, 60));
        Assert.False(road.HasLane(-3, 150));  // not in section 1
        Assert.False(road.HasLane(-2, 150));  // zero width
        Assert.False(road.HasLane(2, 120));   // opens from zero width
        Assert.True(road.HasLane(2, 121));
        Assert.False(road.HasLane(0, 60));
        Assert.Equal((-3, 2), road.LaneIdRange(60));
        Assert.Equal((-2, 2), road.LaneIdRange(150));
    }

    [Fact]
    public void SectionLookup()
    {
        Road road = ThreePlusTwo();
        Assert.Same(road.Sections[0], road.SectionAt(0));
        Assert.Same(road.Sections[0], road.SectionAt(119.999));
        Assert.Same(road.Sections[1], road.SectionAt(120));
        Assert.Same(road.Sections[1], road.SectionAt(200));
        Assert.Same(road.Sections[0], road.SectionAt(-1));
        Assert.Same(road.Sections[1], road.SectionAt(1e9));
        Assert.Equal(-2, road.SectionAt(60).GetLane(-2)!.Id);
        Assert.Null(road.SectionAt(60).GetLane(0));
        Assert.Null(road.SectionAt(60).GetLane(4));
    }

    [Fact]
    public void LaneIdAtBorders()
    {
        Road road = ThreePlusTwo();
        const double s = 60;
        Assert.True(road.TryGetLaneBorders(1, s, out double c, out double b12));
        Assert.True(road.TryGetLaneBorders(2, s, out _, out double leftEdge));
        Assert.True(road.TryGetLaneBorders(-1, s, out _, out double bm12));
        Assert.True(road.TryGetLaneBorders(-3, s, out _, out double rightEdge));
        Assert.Equal(4.1, b12, 12);
        Assert.Equal(6.7, leftEdge, 12);
        Assert.Equal(-8.09, rightEdge, 12);

        // Centre line belongs to lane 1; a border to the lane farther out; the outer edge to the outer lane.
        Assert.Equal(1, road.LaneIdAt(s, c));
        Assert.Equal(-1, road.LaneIdAt(s, c - 1e-9));
        Assert.Equal(1, road.LaneIdAt(s, b12 - 1e-9));
        Assert.Equal(2, road.LaneIdAt(s, b12));
        Assert.Equal(2, road.LaneIdAt(s, leftEdge));
        Assert.Equal(0, road.LaneIdAt(s, leftEdge + 1e-9));
        Assert.Equal(-1, road.LaneIdAt(s, bm12 + 1e-9));
        Assert.Equal(-2, road.LaneIdAt(s, bm12));
        Assert.Equal(-3, road.LaneIdAt(s, rightEdge));
        Assert.Equal(0, road.LaneIdAt(s, rightEdge - 1e-9));
        Assert.Equal(-1, road.LaneIdAt(s, 0));

        // Zero-width lane -2 of section 1 is skipped: beyond lane -1 is off the road.
        Assert.Equal(0, road.LaneIdAt(150, -2.1));
    }

    [Fact]
    public void SpeedLimitPrecedenceIsLaneThenSectionThenRoad()
    {
        Road road = ThreePlusTwo();
        Assert.Equal(15, road.SpeedLimitAt(60, -1));
        Assert.Equal(20, road.SpeedLimitAt(60, -2));
        Assert.Equal(20, road.SpeedLimitAt(60, 9)); // unknown lane: the section's
        Assert.Equal(30, road.SpeedLimitAt(150, -1));
        Assert.Null(ThreePlusTwo(roadLimit: null).SpeedLimitAt(150, 1));
    }

    [Fact]
    public void ToWorldOffsetsAlongTheLeftNormal()
    {
        Road road = ThreePlusTwo();
        Pose2 p = road.ToWorld(60, -3.995);
        Assert.Equal(X0 + 60 * Math.Cos(H0) + 3.995 * Math.Sin(H0), p.X, 10);
        Assert.Equal(Y0 + 60 * Math.Sin(H0) - 3.995 * Math.Cos(H0), p.Y, 10);
        Assert.Equal(H0, p.Heading, 12);
    }

    [Fact]
    public void HeadingAtFollowsWideningLanesAndLaneOffset()
    {
        Road road = ThreePlusTwo();
        // Lane 1 centre at s 60 moves with the lane offset: dt/ds = 0.01.
        Assert.Equal(H0 + Math.Atan(0.01), road.HeadingAt(60, road.LaneCenterT(1, 60)), 12);
        // Section 1: lane 2 centre = 1.5 + 3 + w/2 with w' = 0.05 -> 0.025; lane -1 centre: -w/2 with w' = 0.01.
        Assert.Equal(H0 + Math.Atan(0.025), road.HeadingAt(150, road.LaneCenterT(2, 150)), 12);
        Assert.Equal(H0 + Math.Atan(-0.005), road.HeadingAt(150, road.LaneCenterT(-1, 150)), 12);
        // Off the road: parallel to the reference line.
        Assert.Equal(H0, road.HeadingAt(150, 40), 12);
    }

    [Fact]
    public void HeadingAtOnACurveIsTheReferenceHeadingForConstantT()
    {
        ReferenceLine line = new ReferenceLineBuilder(0, 0, 0).Arc(50, 0.02).Build();
        var road = new Road("c", line, [new LaneSection(0, [new Lane(1, LaneType.Driving, Poly(3))], [new Lane(-1, LaneType.Driving, Poly(3))])]);
        Assert.Equal(0.02 * 20, road.HeadingAt(20, road.LaneCenterT(-1, 20)), 12);
        Assert.Equal(0.02 * 20, road.HeadingAt(20, road.LaneCenterT(1, 20)), 12);
    }

    [Fact]
    public void TryProjectReportsLaneAndOffsetFromLaneCentre()
    {
        Road road = ThreePlusTwo();
        Pose2 world = road.ToWorld(60, -3.0);
        Assert.True(road.TryProject(world.Position, out RoadCoordinate coord));
        Assert.Same(road, coord.Road);
        Assert.Equal(60, coord.S, 9);
        Assert.Equal(-3.0, coord.T, 9);
        Assert.Equal(-2, coord.LaneId);
        Assert.Equal(0.995, coord.LaneOffset, 9);

        Pose2 off = road.ToWorld(60, 20);
        Assert.True(road.TryProject(off.Position, out coord));
        Assert.Equal(0, coord.LaneId);
        Assert.Equal(20 - 1.1, coord.LaneOffset, 9);
    }

    [Fact]
    public void RejectsBadSections()
    {
        ReferenceLine line = new ReferenceLineBuilder(0, 0, 0).Line(100).Build();
        var a = new LaneSection(0, [], [new Lane(-1, LaneType.Driving, Poly(3))]);
        var b = new LaneSection(50, [], [new Lane(-1, LaneType.Driving, Poly(3))]);
        Assert.Throws<ArgumentException>(() => new Road("x", line, []));
        Assert.Throws<ArgumentException>(() => new Road("x", line, [b, a]));
        Assert.Throws<ArgumentException>(() => new Road("x", line, [b]));
        Assert.Throws<ArgumentException>(() => new LaneSection(0, [], [new Lane(-2, LaneType.Driving, Poly(3))]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lane(0, LaneType.Driving, Poly(3)));
        // A road with right lanes only: the centre line belongs to lane -1, and the range's max is 0.
        var oneWay = new Road("x", line, [a, b]);
        Assert.Equal(-1, oneWay.LaneIdAt(10, 0));
        Assert.Equal((-1, 0), oneWay.LaneIdRange(10));
    }
}
