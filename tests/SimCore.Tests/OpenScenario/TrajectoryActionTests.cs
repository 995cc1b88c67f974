using SimCore.Mathematics;
using SimCore.Scenarios;
using SimCore.Simulation;
using SimCore.Tests.Conformance;
using static SimCore.Tests.OpenScenario.Xosc;

namespace SimCore.Tests.OpenScenario;

/// <summary>
/// FollowTrajectoryAction on the straight test road: every expected pose and speed follows from
/// the shape's geometry and OpenSCENARIO's timing by hand. The trajectories start in Init, so the
/// entity is at the start at t = 0 and has covered speed * t at time t.
/// </summary>
public sealed class TrajectoryActionTests
{
    private static string World(double x, double y, double? h = null, double? time = null)
        => $"<Vertex{(time is null ? "" : $" time=\"{time}\"")}><Position><WorldPosition x=\"{x}\" y=\"{y}\"{(h is null ? "" : $" h=\"{h}\"")}/></Position></Vertex>";

    private static string Follow(string shape, string timing = "<None/>", string mode = "position", string closed = "false")
        => $"""
           <PrivateAction><RoutingAction><FollowTrajectoryAction>
             <TrajectoryRef><Trajectory name="T" closed="{closed}"><ParameterDeclarations/><Shape>{shape}</Shape></Trajectory></TrajectoryRef>
             <TimeReference>{timing}</TimeReference><TrajectoryFollowingMode followingMode="{mode}"/>
           </FollowTrajectoryAction></RoutingAction></PrivateAction>
           """;

    private static string InitFollow(double speed, string action)
        => $"""
           <Private entityRef="Car">
             {SpeedTo(speed)}
             {action}
           </Private>
           """;

    private static IReadOnlyList<TrajectoryRow> Drive(string init, double stopAt = 10)
    {
        Scenario s = Load(Doc(Xosc.Entities("Car"), init, stopAt: stopAt));
        return EsminiTrajectory.Record(new Simulator(s, new SimulationOptions { Step = 0.01 })).Rows("Car");
    }

    private static TrajectoryRow At(IReadOnlyList<TrajectoryRow> rows, double t) => rows.Single(r => Math.Abs(r.Time - t) < 1e-6);

    // An L: 20 m east from (100, -1.75), then 10 m north.
    private static readonly string L = "<Polyline>" + World(100, -1.75) + World(120, -1.75) + World(120, 8.25) + "</Polyline>";

    [Fact]
    public void PositionModeKeepsSegmentHeadingsAndTurnsWithinTwoMetresOfACorner()
    {
        IReadOnlyList<TrajectoryRow> rows = Drive(InitFollow(10, Follow(L)));
        Assert.Equal(100, At(rows, 0).X, 9);
        TrajectoryRow mid = At(rows, 1.0); // s = 10
        Assert.Equal(110, mid.X, 6);
        Assert.Equal(-1.75, mid.Y, 6);
        Assert.Equal(0, Angles.WrapPi(mid.Heading), 9);
        // 1 m before the corner a quarter of the way into the blend (which reaches half the turn
        // at the corner): (2 + 1) / 4 of the way from the segment heading to the next is left.
        Assert.Equal(Math.PI / 8, At(rows, 1.9).Heading, 6);
        Assert.Equal(Math.PI / 4, At(rows, 2.0).Heading, 6);
        Assert.Equal(3 * Math.PI / 8, At(rows, 2.1).Heading, 6);
        Assert.Equal(Math.PI / 2, At(rows, 2.5).Heading, 6);
        // Past the end (s = 30 at t = 3) the car carries on north at its speed.
        TrajectoryRow after = At(rows, 3.5);
        Assert.Equal(120, after.X, 6);
        Assert.Equal(8.25 + 5, after.Y, 6);
        Assert.Equal(10, after.Speed, 9);
    }

    [Fact]
    public void FollowModeBlendsHeadingsLinearlyBetweenVertices()
    {
        IReadOnlyList<TrajectoryRow> rows = Drive(InitFollow(10, Follow(L, mode: "follow")));
        // Vertex headings are those of the segments leaving them (0, pi/2, pi/2): half way along
        // the first segment the heading is half way between.
        Assert.Equal(Math.PI / 4, At(rows, 1.0).Heading, 6);
        Assert.Equal(Math.PI / 2, At(rows, 2.5).Heading, 6);
    }

    [Fact]
    public void AVertexWithAHeadingKeepsIt()
    {
        string shape = "<Polyline>" + World(100, -1.75, 0.3) + World(120, -1.75, 0.3) + "</Polyline>";
        IReadOnlyList<TrajectoryRow> rows = Drive(InitFollow(10, Follow(shape)));
        Assert.Equal(0.3, At(rows, 1.0).Heading, 9);
    }

    [Fact]
    public void TimedPositionModeMovesAtEachSegmentsOwnSpeed()
    {
        // 20 m in 2 s, then 10 m in 4 s.
        string shape = "<Polyline>" + World(100, -1.75, time: 0) + World(120, -1.75, time: 2) + World(130, -1.75, time: 6) + "</Polyline>";
        IReadOnlyList<TrajectoryRow> rows = Drive(InitFollow(3, Follow(shape, "<Timing domainAbsoluteRelative=\"relative\" scale=\"1\" offset=\"0\"/>")));
        Assert.Equal(10, At(rows, 1.0).Speed, 6);
        Assert.Equal(110, At(rows, 1.0).X, 6);
        Assert.Equal(2.5, At(rows, 4.0).Speed, 6);
        Assert.Equal(125, At(rows, 4.0).X, 6);
    }

    [Fact]
    public void TimingScaleAndOffsetMapVertexTimesToSimulationTime()
    {
        // Vertex time t is reached at 2 t + 1: the 20 m take from 1 s to 5 s, at 5 m/s.
        string shape = "<Polyline>" + World(100, -1.75, time: 0) + World(120, -1.75, time: 2) + "</Polyline>";
        IReadOnlyList<TrajectoryRow> rows = Drive(InitFollow(0, Follow(shape, "<Timing domainAbsoluteRelative=\"relative\" scale=\"2\" offset=\"1\"/>")));
        Assert.Equal(100, At(rows, 0.5).X, 6);
        Assert.Equal(110, At(rows, 3.0).X, 6);
        Assert.Equal(5, At(rows, 3.0).Speed, 6);
    }

    [Fact]
    public void TimedFollowModeDrivesConstantAccelerationsFromTheEntitysSpeed()
    {
        // From 10 m/s: 20 m in 2 s and 5 m in 0.5 s need no acceleration; 5 m in 1 s from 10 m/s
        // needs a = 2 (5 - 10) / 1 = -10 m/s^2, which ends at 0 m/s exactly at 3.5 s.
        string shape = "<Polyline>" + World(100, -1.75, time: 0) + World(120, -1.75, time: 2) + World(125, -1.75, time: 2.5) + World(130, -1.75, time: 3.5) + "</Polyline>";
        IReadOnlyList<TrajectoryRow> rows = Drive(InitFollow(10, Follow(shape, "<Timing domainAbsoluteRelative=\"relative\" scale=\"1\" offset=\"0\"/>", "follow")));
        Assert.Equal(10, At(rows, 2.25).Speed, 6);
        // At 3.0 s: s = 25 + 10 * 0.5 - 10 * 0.5^2 / 2 = 28.75.
        Assert.Equal(128.75, At(rows, 3.0).X, 6);
        // The last step covers 10 * 0.01 / 2 m: its mean speed, 0.05 m/s, is what the car keeps.
        Assert.Equal(130, At(rows, 3.5).X, 9);
        Assert.Equal(0.05, At(rows, 3.5).Speed, 6);
    }

    [Fact]
    public void AClothoidArcEndsWhereTheCircleSays()
    {
        // Curvature 0.01 for 15 m from (100, -1.75) facing east: a circle of radius 100 turning
        // left by 0.15 rad.
        string shape = """<Clothoid curvature="0.01" curvaturePrime="0" length="15"><Position><WorldPosition x="100" y="-1.75" h="0"/></Position></Clothoid>""";
        IReadOnlyList<TrajectoryRow> rows = Drive(InitFollow(10, Follow(shape)));
        TrajectoryRow half = At(rows, 0.75);
        Assert.Equal(100 + 100 * Math.Sin(0.075), half.X, 6);
        Assert.Equal(-1.75 + 100 * (1 - Math.Cos(0.075)), half.Y, 6);
        Assert.Equal(0.075, half.Heading, 6);
        Assert.Equal(0.15, At(rows, 1.5).Heading, 6);
    }

    [Fact]
    public void ATimedClothoidRunsFromStartTimeToStopTime()
    {
        string shape = """<Clothoid curvature="0" curvaturePrime="0" length="15" startTime="0" stopTime="3"><Position><WorldPosition x="100" y="-1.75" h="0"/></Position></Clothoid>""";
        IReadOnlyList<TrajectoryRow> rows = Drive(InitFollow(0, Follow(shape, "<Timing domainAbsoluteRelative=\"relative\" scale=\"1\" offset=\"0\"/>")));
        Assert.Equal(5, At(rows, 1.0).Speed, 6);
        Assert.Equal(105, At(rows, 1.0).X, 6);
    }

    [Fact]
    public void AClothoidSplineJoinsItsSegmentsEndToEnd()
    {
        // An arc of curvature 0.01 over 10 m (0.1 rad), then 5 m straight on: at s = 12 the car is
        // 2 m along the straight. Samples every metre lie exactly on whole metres, so this is exact.
        string shape = """
            <ClothoidSpline>
              <ClothoidSplineSegment curvatureStart="0.01" curvatureEnd="0.01" length="10"><PositionStart><WorldPosition x="100" y="-1.75" h="0"/></PositionStart></ClothoidSplineSegment>
              <ClothoidSplineSegment curvatureStart="0" curvatureEnd="0" length="5"/>
            </ClothoidSpline>
            """;
        IReadOnlyList<TrajectoryRow> rows = Drive(InitFollow(10, Follow(shape)));
        double ex = 100 + 100 * Math.Sin(0.1), ey = -1.75 + 100 * (1 - Math.Cos(0.1));
        TrajectoryRow r = At(rows, 1.2);
        Assert.Equal(ex + 2 * Math.Cos(0.1), r.X, 6);
        Assert.Equal(ey + 2 * Math.Sin(0.1), r.Y, 6);
        Assert.Equal(0.1, r.Heading, 6);
    }

    [Fact]
    public void AClothoidSplineLongerThanItsLastWholeMetreHoldsItsEndAsEsminiDoes()
    {
        // 2.5 m straight: samples at s = 0, 1 and 2, the last holding the true end (x + 2.5). The
        // last sample piece is crossed from s = 1 to 2 (1.5 m of road in 1 m of s); from s = 2 to
        // 2.5 the car stands at the end; then it carries on.
        string shape = """
            <ClothoidSpline>
              <ClothoidSplineSegment curvatureStart="0" curvatureEnd="0" length="2.5"><PositionStart><WorldPosition x="100" y="-1.75" h="0"/></PositionStart></ClothoidSplineSegment>
            </ClothoidSpline>
            """;
        IReadOnlyList<TrajectoryRow> rows = Drive(InitFollow(1, Follow(shape)));
        Assert.Equal(101.75, At(rows, 1.5).X, 6);
        Assert.Equal(102.5, At(rows, 2.25).X, 6);
        Assert.Equal(102.5 + 0.5, At(rows, 3.0).X, 6);
    }

    [Fact]
    public void ANurbsStartsAndEndsAlongItsControlPolygon()
    {
        // A quadratic Bezier (order 3, knots 0 0 0 1 1 1) through (100, 0), (110, 10), (120, 0).
        string shape = """
            <Nurbs order="3">
              <ControlPoint weight="1"><Position><WorldPosition x="100" y="0"/></Position></ControlPoint>
              <ControlPoint weight="1"><Position><WorldPosition x="110" y="10"/></Position></ControlPoint>
              <ControlPoint weight="1"><Position><WorldPosition x="120" y="0"/></Position></ControlPoint>
              <Knot value="0"/><Knot value="0"/><Knot value="0"/><Knot value="1"/><Knot value="1"/><Knot value="1"/>
            </Nurbs>
            """;
        IReadOnlyList<TrajectoryRow> rows = Drive(InitFollow(1, Follow(shape)), stopAt: 40);
        Assert.Equal(100, rows[0].X, 9);
        Assert.Equal(0, rows[0].Y, 9);
        // Headings are the tangents at the samples (29 of them: 1 + the control polygon's 28.28 m),
        // taken over a parameter step of 0.001 ahead, and the first sample takes the second's: the
        // tangent (20, 20 (1 - 2 t)) at t = 1/29 + 0.0005, as esmini samples it.
        Assert.Equal(Math.Atan(1 - 2 * (1.0 / 29 + 0.0005)), rows[0].Heading, 5);
        // The curve's apex is (110, 5) (B(1/2) = P0/4 + P1/2 + P2/4): the car passes it with y at most 5.
        Assert.Equal(5, rows.Max(r => r.Y), 3);
        // The curve is about 22.96 m long (10 (sqrt 2 + asinh 1)): the end at (120, 0) after ~23 s.
        TrajectoryRow end = rows.First(r => r.X >= 120 - 1e-9);
        Assert.InRange(end.Time, 22.8, 23.1);
        Assert.Equal(0, end.Y, 2);
    }

    [Fact]
    public void VerticesRelativeToEntitiesAreFixedWhenTheActionStarts()
    {
        // The car follows a 10 m straight laid out from where it is at the start (0.01 s, x = 100.1).
        string shape = """<Polyline><Vertex><Position><RelativeObjectPosition entityRef="Car" dx="0" dy="0"/></Position></Vertex><Vertex><Position><RelativeObjectPosition entityRef="Car" dx="10" dy="3.5"/></Position></Vertex></Polyline>""";
        string story = Story("Car", Event("go", Follow(shape), Trigger(SimTime(0))));
        Scenario s = Load(Doc(Xosc.Entities("Car"), Place("Car", Lane(-1, 100), 10), story, stopAt: 3));
        IReadOnlyList<TrajectoryRow> rows = EsminiTrajectory.Record(new Simulator(s, new SimulationOptions { Step = 0.01 })).Rows("Car");
        double heading = Math.Atan2(3.5, 10);
        Assert.Equal(heading, At(rows, 0.5).Heading, 9);
        // 0.49 s along it at 10 m/s.
        Assert.Equal(100.1 + 4.9 * Math.Cos(heading), At(rows, 0.5).X, 6);
    }

    [Fact]
    public void AReferencePointOnTheFrontAxleDragsTheRearAxleBehind()
    {
        // esmini's refpoint_x_offset 2 m: the car's reference point follows the trajectory and the
        // rear axle, 2 m behind it, trails like a trailer. At the start the reference point jumps
        // from the origin (heading 0, rear axle at (-2, 0)) to (10, -3).
        string car = Car.Replace("</Axles>", """</Axles><Properties><Property name="refpoint_x_offset" value="2"/></Properties>""", StringComparison.Ordinal);
        string entities = $"<Entities><ScenarioObject name=\"Car\">{car}</ScenarioObject></Entities>";
        string shape = "<Polyline>" + World(10, -3) + World(30, -3) + "</Polyline>";
        Scenario s = Load(Doc(entities, InitFollow(5, Follow(shape)), stopAt: 2));
        IReadOnlyList<TrajectoryRow> rows = EsminiTrajectory.Record(new Simulator(s, new SimulationOptions { Step = 0.01 })).Rows("Car");
        double h0 = Math.Atan2(-3, 12);
        Assert.Equal(10, rows[0].X, 9);
        Assert.Equal(Angles.WrapTwoPi(h0), rows[0].Heading, 9);
        // One step later the reference point is 0.05 m on; the rear axle was 2 m behind along h0.
        double rx = 10 - 2 * Math.Cos(h0), ry = -3 - 2 * Math.Sin(h0);
        Assert.Equal(Angles.WrapTwoPi(Math.Atan2(-3 - ry, 10.05 - rx)), rows[1].Heading, 9);
    }

    [Fact]
    public void AClosedTrajectoryGoesRoundAgain()
    {
        // A 10 m square, 40 m round: after 4.5 s at 10 m/s the car is 5 m into its second lap.
        string square = "<Polyline>" + World(100, 0) + World(110, 0) + World(110, 10) + World(100, 10) + "</Polyline>";
        IReadOnlyList<TrajectoryRow> rows = Drive(InitFollow(10, Follow(square, closed: "true")));
        Assert.Equal(105, At(rows, 4.5).X, 6);
        Assert.Equal(0, At(rows, 4.5).Y, 6);
    }

    [Fact]
    public void ATrajectoryPositionIsSAlongItAndTToItsLeft()
    {
        // 15 m along (100, 0) -> (110, 0) -> (110, 10) is (110, 5), heading north; 2 m to its left is west.
        string position = """
            <TrajectoryPosition s="15" t="2"><TrajectoryRef><Trajectory name="T" closed="false"><ParameterDeclarations/><Shape><Polyline>
            """ + World(100, 0) + World(110, 0) + World(110, 10) + "</Polyline></Shape></Trajectory></TrajectoryRef></TrajectoryPosition>";
        IReadOnlyList<TrajectoryRow> rows = Drive(Place("Car", position, 0), stopAt: 0.1);
        Assert.Equal(108, rows[0].X, 9);
        Assert.Equal(5, rows[0].Y, 9);
        Assert.Equal(Math.PI / 2, rows[0].Heading, 9);
    }

    [Theory]
    [InlineData("<Polyline>VV</Polyline>", "<Timing domainAbsoluteRelative=\"relative\" scale=\"1\" offset=\"0\"/>", "every <Vertex> needs a 'time'")]
    [InlineData("<Polyline>VV</Polyline>", "<Timing domainAbsoluteRelative=\"relative\" scale=\"0\" offset=\"0\"/>", "time scale must be positive")]
    [InlineData("""<Clothoid curvature="0" curvaturePrime="0" length="-1"><Position><WorldPosition x="0" y="0"/></Position></Clothoid>""", "<None/>", "length must be above 0")]
    [InlineData("""<Nurbs order="3"><ControlPoint><Position><WorldPosition x="0" y="0"/></Position></ControlPoint><ControlPoint><Position><WorldPosition x="1" y="0"/></Position></ControlPoint><ControlPoint><Position><WorldPosition x="2" y="0"/></Position></ControlPoint><Knot value="0"/><Knot value="1"/></Nurbs>""", "<None/>", "needs 6 knots, not 2")]
    [InlineData("""<Spline/>""", "<None/>", "not a trajectory shape")]
    public void BadTrajectoriesAreLocatedErrors(string shape, string timing, string message)
    {
        shape = shape.Replace("VV", World(0, 0) + World(10, 0), StringComparison.Ordinal);
        string xml = Doc(Xosc.Entities("Car"), InitFollow(1, Follow(shape, timing)));
        IReadOnlyList<SimCore.Diagnostics.InputError> errors = Errors(xml);
        SimCore.Diagnostics.InputError e = Assert.Single(errors, x => x.Message.Contains(message, StringComparison.Ordinal));
        Assert.True(e.Location.Line > 0);
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(4, true)]
    public void OpenScenario13IsReadAsSuch(int minor, bool warned)
    {
        string xml = Doc(Xosc.Entities("Car"), Place("Car", Lane(-1, 10), 0)).Replace("revMinor=\"2\"", $"revMinor=\"{minor}\"", StringComparison.Ordinal);
        Load(xml, out List<SimCore.Diagnostics.InputError> warnings);
        Assert.Equal(warned, warnings.Any(w => w.Message.Contains("read as 1.3", StringComparison.Ordinal)));
    }

    private static RunResult DriveEgo(string mode, string timing, out IReadOnlyList<TrajectoryRow> rows)
    {
        // From lane -1 (y = -1.75) over to lane 1 (y = 1.75) between x = 60 and 100.
        string shape = "<Polyline>" + World(20, -1.75, time: 0) + World(60, -1.75, time: 4) + World(100, 1.75, time: 8) + World(200, 1.75, time: 18) + "</Polyline>";
        string story = Story("Ego", Event("go", Follow(shape, timing, mode), Trigger(SimTime(0))));
        Scenario s = Load(Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 10), 10), story, stopAt: 16), out _,
            new SimCore.OpenScenario.OpenScenarioOptions { EgoDriver = SimCore.OpenScenario.EgoDriverMode.Reference });
        var sim = new Simulator(s, new SimulationOptions { Step = 0.01 });
        rows = EsminiTrajectory.Record(sim).Rows("Ego");
        return sim.Result();
    }

    [Fact]
    public void TheReferenceDriverFollowsInFollowModeWithItsOwnDynamics()
    {
        DriveEgo("follow", "<None/>", out IReadOnlyList<TrajectoryRow> rows);
        // Steered, not placed: on the trajectory's last straight in lane 1, heading along it.
        TrajectoryRow late = rows.First(r => r.X >= 150);
        Assert.InRange(late.Y, 1.75 - 0.2, 1.75 + 0.2);
        Assert.InRange(Angles.WrapPi(late.Heading), -0.02, 0.02);
        // Never further off the polyline sideways than a car width would explain.
        Assert.All(rows.Where(r => r.X is > 20 and < 60), r => Assert.InRange(r.Y, -2.5, -1.0));
    }

    [Fact]
    public void ATimedTrajectorySetsTheDriversSpeed()
    {
        // The last segment runs 100 m in 10 s: once settled the driver holds about 10 m/s.
        DriveEgo("follow", "<Timing domainAbsoluteRelative=\"relative\" scale=\"1\" offset=\"0\"/>", out IReadOnlyList<TrajectoryRow> rows);
        Assert.InRange(At(rows, 14).Speed, 9.5, 10.5);
    }

    [Fact]
    public void PositionModeCannotPlaceADrivenEgo()
    {
        RunResult r = DriveEgo("position", "<None/>", out _);
        Assert.Contains(r.Events, e => e.Type == "action_failed" && e.Detail!.Contains("followingMode position", StringComparison.Ordinal));
    }
}
