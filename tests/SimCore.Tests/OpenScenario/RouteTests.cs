using SimCore.OpenDrive;
using SimCore.Diagnostics;
using SimCore.OpenScenario;
using SimCore.Roads;
using SimCore.Scenarios;
using SimCore.Simulation;
using SimCore.Tests.Conformance;
using SimCore.Tests.OpenDrive;

namespace SimCore.Tests.OpenScenario;

/// <summary>
/// AssignRouteAction through the project's T junction (scenarios/roads/t_junction.xodr): from the
/// west arm (road 1) the junction offers straight on (connecting road 10, to the east arm, road 2)
/// and a right turn (connecting road 11, to the south arm, road 3). Without a route a car takes the
/// first connection, straight on; with waypoints on roads 1 and 3 it must turn right.
/// </summary>
public sealed class RouteTests
{
    private static RoadNetwork Junction()
        => OpenDriveReader.Load(Path.Combine(SharedData.RepoRoot, "scenarios", "roads", "t_junction.xodr"), new List<InputError>());

    private static string Route(string waypoints)
        => $"""
           <PrivateAction><RoutingAction><AssignRouteAction><Route name="turn" closed="false">{waypoints}</Route></AssignRouteAction></RoutingAction></PrivateAction>
           """;

    private static string Waypoint(string road, int lane, double s)
        => $"<Waypoint routeStrategy=\"shortest\"><Position><LanePosition roadId=\"{road}\" laneId=\"{lane}\" s=\"{s}\"/></Position></Waypoint>";

    private static EsminiTrajectory Drive(string? route)
    {
        string stories = route is null ? string.Empty : Xosc.Story("Car", Xosc.Event("route", route, Xosc.Trigger(Xosc.SimTime(0, "greaterOrEqual"))));
        string xml = Xosc.Doc(Xosc.Entities("Car"), Xosc.Place("Car", "<LanePosition roadId=\"1\" laneId=\"-1\" s=\"60\"/>", 8), stories, stopAt: 9);
        Scenario s = Xosc.Load(xml, out _, new OpenScenarioOptions { EgoDriver = EgoDriverMode.Scenario, Network = Junction() });
        return EsminiTrajectory.Record(new Simulator(s, new SimulationOptions { Step = 0.01 }));
    }

    [Fact]
    public void WithoutARouteTheCarGoesStraightOn()
    {
        TrajectoryRow end = Drive(null).Rows("Car")[^1];
        // 8 m/s until the stop (time > 9, first true at 9.01) from s = 60 of the 90 m west arm: 30 m
        // to the junction, 20 m through road 10, the rest into the east arm, which starts at x = 10
        // (the junction spans x = -10..10) and runs along +x.
        double travel = 8 * end.Time;
        Assert.Equal(10 + (travel - 50), end.X, 6);
        Assert.Equal(-1.75, end.Y, 6);
    }

    [Fact]
    public void ARouteToTheSouthArmTurnsRight()
    {
        TrajectoryRow end = Drive(Route(Waypoint("1", -1, 60) + Waypoint("3", -1, 20))).Rows("Car")[^1];
        // The right turn (road 11) is a quarter circle of radius 10 (length 5 pi); lane -1 runs
        // 1.75 m inside it, on radius 8.25, so the car covers it in 5 pi * 0.825 m. It then drives
        // the rest of its travel down the south arm, which starts at (0, -10) heading south, with lane
        // -1 on its right (west) side at x = -1.75.
        double turn = 5 * Math.PI * 0.825, travel = 8 * end.Time;
        Assert.Equal(3 * Math.PI / 2, end.Heading, 6);
        Assert.Equal(-1.75, end.X, 6);
        Assert.Equal(-10 - (travel - 30 - turn), end.Y, 3);
    }
}
