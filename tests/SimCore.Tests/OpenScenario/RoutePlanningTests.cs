using SimCore.Diagnostics;
using SimCore.Mathematics;
using SimCore.OpenDrive;
using SimCore.OpenScenario;
using SimCore.Roads;
using SimCore.Scenarios;
using SimCore.Simulation;
using SimCore.Tests.OpenDrive;
using SimCore.Traffic;

namespace SimCore.Tests.OpenScenario;

/// <summary>
/// RoutePosition, AcquirePositionAction and route strategies. Expected poses come from the
/// geometry of the project's T junction (scenarios/roads/t_junction.xodr: west arm road 1 from
/// x = -100 to -10 along +x; right turn road 11, a quarter circle of length 5 pi; south arm road 3
/// from (0, -10) heading south; lanes 3.5 m wide) and, for the strategies, from the lengths and
/// speed limits of a network built here.
/// </summary>
public sealed class RoutePlanningTests
{
    private static RoadNetwork Junction()
        => OpenDriveReader.Load(Path.Combine(SharedData.RepoRoot, "scenarios", "roads", "t_junction.xodr"), new List<InputError>());

    private static string Waypoint(string road, int lane, double s, string strategy = "shortest")
        => $"<Waypoint routeStrategy=\"{strategy}\"><Position><LanePosition roadId=\"{road}\" laneId=\"{lane}\" s=\"{s}\"/></Position></Waypoint>";

    private const string RightTurn = "<Route name=\"turn\" closed=\"false\">" + "WP1" + "WP3" + "</Route>";

    private static string Turn() => RightTurn.Replace("WP1", Waypoint("1", -1, 60), StringComparison.Ordinal).Replace("WP3", Waypoint("3", -1, 20), StringComparison.Ordinal);

    private static EntitySnapshot Placed(string position, string extraInit = "", params string[] more)
    {
        string[] names = more.Append("Car").ToArray();
        string xml = Xosc.Doc(Xosc.Entities(names), extraInit + Xosc.Place("Car", position, 0));
        Scenario s = Xosc.Load(xml, out _, new OpenScenarioOptions { EgoDriver = EgoDriverMode.Scenario, Network = Junction() });
        var snap = new EntitySnapshot[names.Length];
        new Simulator(s).GetSnapshot(snap);
        return snap.Single(e => e.Name == "Car");
    }

    private static string InRoute(string inRoute, string orientation = "")
        => $"<RoutePosition><RouteRef>{Turn()}</RouteRef>{orientation}<InRoutePosition>{inRoute}</InRoutePosition></RoutePosition>";

    [Fact]
    public void LaneCoordinatesOnTheFirstRoad()
    {
        // 10 m on from the first waypoint (road 1, s = 60): s = 70, x = -100 + 70.
        EntitySnapshot e = Placed(InRoute("<FromLaneCoordinates pathS=\"10\" laneId=\"-1\" laneOffset=\"0.5\"/>"));
        Assert.Equal(-30, e.X, 9);
        Assert.Equal(-1.75 + 0.5, e.Y, 9);
        Assert.Equal(0, Angles.WrapPi(e.Heading), 9);
    }

    [Fact]
    public void LaneCoordinatesBeyondTheJunctionFollowTheRoute()
    {
        // 30 m to the end of road 1, 5 pi through the right turn, 10 m down the south arm; lane -1
        // is on the west side of the southbound road.
        EntitySnapshot e = Placed(InRoute($"<FromLaneCoordinates pathS=\"{30 + 5 * Math.PI + 10}\" laneId=\"-1\"/>"));
        Assert.Equal(-1.75, e.X, 6);
        Assert.Equal(-20, e.Y, 6);
        Assert.Equal(3 * Math.PI / 2, e.Heading, 6);
        Assert.Equal("3", e.RoadId);
    }

    [Fact]
    public void RoadCoordinatesAndAnOrientationRelativeToTheRoute()
    {
        EntitySnapshot e = Placed(InRoute("<FromRoadCoordinates pathS=\"10\" t=\"-1\"/>", "<Orientation type=\"relative\" h=\"0.2\"/>"));
        Assert.Equal(-30, e.X, 9);
        Assert.Equal(-1, e.Y, 9);
        Assert.Equal(0.2, e.Heading, 9);
    }

    [Fact]
    public void FromCurrentEntityIsWhereThatEntityIs()
    {
        string other = $"<Private entityRef=\"Other\"><PrivateAction><TeleportAction><Position><LanePosition roadId=\"1\" laneId=\"-1\" s=\"70\"/></Position></TeleportAction></PrivateAction></Private>";
        EntitySnapshot e = Placed(InRoute("<FromCurrentEntity entityRef=\"Other\"/>"), other, "Other");
        Assert.Equal(-30, e.X, 9);
        Assert.Equal(-1.75, e.Y, 9);
    }

    [Fact]
    public void APathSBeyondTheRouteIsAnError()
    {
        string xml = Xosc.Doc(Xosc.Entities("Car"), Xosc.Place("Car", InRoute("<FromLaneCoordinates pathS=\"1000\" laneId=\"-1\"/>"), 0));
        Scenario s = Xosc.Load(xml, out _, new OpenScenarioOptions { EgoDriver = EgoDriverMode.Scenario, Network = Junction() });
        InputException ex = Assert.Throws<InputException>(() => new Simulator(s));
        Assert.Contains("beyond route 'turn'", ex.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AcquirePositionTakesTheRoadsToThePosition()
    {
        // From road 1 to a position on the south arm: the car must turn right at the junction.
        string acquire = """<PrivateAction><RoutingAction><AcquirePositionAction><Position><LanePosition roadId="3" laneId="-1" s="50"/></Position></AcquirePositionAction></RoutingAction></PrivateAction>""";
        string story = Xosc.Story("Car", Xosc.Event("go", acquire, Xosc.Trigger(Xosc.SimTime(0, "greaterOrEqual"))));
        string xml = Xosc.Doc(Xosc.Entities("Car"), Xosc.Place("Car", "<LanePosition roadId=\"1\" laneId=\"-1\" s=\"60\"/>", 8), story, stopAt: 9);
        Scenario s = Xosc.Load(xml, out _, new OpenScenarioOptions { EgoDriver = EgoDriverMode.Scenario, Network = Junction() });
        var sim = new Simulator(s, new SimulationOptions { Step = 0.01 });
        sim.Run();
        Assert.Equal("3", sim.World.Get("Car").Road!.Id);
    }

    // A network where the strategies disagree. From road A (100 m, driven east) to road B:
    //   via C1 (20 m at 5 m/s)                      120 m, 1 junction, 11.2 s
    //   via C2 (60 m at 30 m/s)                     160 m, 1 junction,  9.2 s
    //   via C3 (8 m), X (5 m at 2 m/s), C4 (5 m)   118 m, 2 junctions, 10.1 s
    // (A and B carry no limit: 50 km/h; the legs on them are 50 m each.)
    private static RoadNetwork Choices()
    {
        Lane L(int id, int? next) => new(id, LaneType.Driving, PiecewiseCubic.Constant(3.5), successor: next);
        Road R(string id, double length, double y, RoadLink? successor, string? junction = null, double? speed = null)
            => new(id, new ReferenceLineBuilder(0, y, 0).Line(length).Build(), [new LaneSection(0, [L(1, 1)], [L(-1, -1)])],
                speedLimit: speed, successor: successor, junctionId: junction);
        var toB = new RoadLink("B", ContactPoint.Start);
        var roads = new[]
        {
            R("A", 100, 0, new RoadLink("J1", ContactPoint.Start, LinkElementType.Junction)),
            R("C1", 20, 10, toB, "J1", 5),
            R("C2", 60, 20, toB, "J1", 30),
            R("C3", 8, 30, new RoadLink("X", ContactPoint.Start), "J1", 30),
            R("X", 5, 40, new RoadLink("J2", ContactPoint.Start, LinkElementType.Junction), speed: 2),
            R("C4", 5, 50, toB, "J2", 30),
            R("B", 100, 60, null),
        };
        JunctionConnection C(string id, string from, string to) => new(id, from, to, ContactPoint.Start, [new JunctionLaneLink(-1, -1)]);
        var junctions = new[]
        {
            new Junction("J1", null, [C("1", "A", "C1"), C("2", "A", "C2"), C("3", "A", "C3")]),
            new Junction("J2", null, [C("4", "X", "C4")]),
        };
        return new RoadNetwork(roads, junctions);
    }

    private static string[] Plan(RouteStrategy strategy, ulong seed = 0)
    {
        RoadNetwork net = Choices();
        Road a = net.Find("A")!, b = net.Find("B")!;
        var from = new ResolvedPosition(50, -1.75, 0, a, 50, -1.75, -1, 0);
        var to = new ResolvedPosition(50, 58.25, 0, b, 50, -1.75, -1, 0);
        RoutePath? path = RoutePlanner.Plan(net, new[] { from, to }, new[] { strategy, strategy }, seed, 7, out string? error);
        Assert.True(path is not null, error);
        return path!.Legs.Select(l => l.Road.Id).ToArray();
    }

    [Fact]
    public void ShortestTakesTheFewestMetres() => Assert.Equal(new[] { "A", "C3", "X", "C4", "B" }, Plan(RouteStrategy.Shortest));

    [Fact]
    public void FastestTakesTheLeastTimeAtTheSpeedLimits() => Assert.Equal(new[] { "A", "C2", "B" }, Plan(RouteStrategy.Fastest));

    [Fact]
    public void LeastIntersectionsCrossesOneJunctionThenTheShorterWay() => Assert.Equal(new[] { "A", "C1", "B" }, Plan(RouteStrategy.LeastIntersections));

    [Fact]
    public void RandomDependsOnlyOnTheSeedAndVaries()
    {
        Assert.Equal(Plan(RouteStrategy.Random, 3), Plan(RouteStrategy.Random, 3));
        var seen = new HashSet<string>(Enumerable.Range(0, 40).Select(i => string.Join(",", Plan(RouteStrategy.Random, (ulong)i))));
        Assert.True(seen.Count > 1, "every seed chose the same path");
        Assert.All(seen, p => Assert.True(p.StartsWith("A,", StringComparison.Ordinal) && p.EndsWith(",B", StringComparison.Ordinal), p));
    }

    [Theory]
    [InlineData("shortest", "X")]
    [InlineData("leastIntersections", "C1")]
    [InlineData("fastest", "C2")]
    public void ACarFollowsThePathItsStrategyLaysOut(string strategy, string via)
    {
        string route = $"""<PrivateAction><RoutingAction><AssignRouteAction><Route name="r" closed="false">{Waypoint("A", -1, 50, strategy)}{Waypoint("B", -1, 50, strategy)}</Route></AssignRouteAction></RoutingAction></PrivateAction>""";
        string init = $"<Private entityRef=\"Car\">{route}</Private>" + Xosc.Place("Car", "<LanePosition roadId=\"A\" laneId=\"-1\" s=\"50\"/>", 10);
        Scenario s = Xosc.Load(Xosc.Doc(Xosc.Entities("Car"), init, stopAt: 20), out _, new OpenScenarioOptions { EgoDriver = EgoDriverMode.Scenario, Network = Choices() });
        var sim = new Simulator(s, new SimulationOptions { Step = 0.01 });
        var roads = new List<string>();
        Simulation.SimHarness.EveryState(sim, x => roads.Add(x.World.Get("Car").Road!.Id));
        Assert.Contains(via, roads);
        Assert.Equal("B", roads[^1]);
    }
}
