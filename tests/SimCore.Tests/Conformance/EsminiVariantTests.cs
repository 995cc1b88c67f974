using System.Diagnostics;
using System.Globalization;
using SimCore.Diagnostics;
using SimCore.OpenScenario;
using SimCore.Scenarios;
using SimCore.Simulation;
using SimCore.Tests.OpenDrive;
using Xunit.Abstractions;

namespace SimCore.Tests.Conformance;

/// <summary>
/// Variations on esmini's examples that none of the shared references covers (trajectory heading
/// rules in both following modes, routes through several junctions, synchronisation without a final
/// speed or relative to the master, NURBS, relative vertices, a reference point on the front axle),
/// played by esmini itself (../shared/bench/esmini/esmini, the build the references came from) and
/// by us, compared with the conformance tolerances at every 0.01 s row.
/// </summary>
public sealed class EsminiVariantTests(ITestOutputHelper output)
{
    private static string Shared => Path.GetFullPath(Path.Combine(SharedData.Esmini, "..", ".."));

    private static string Xodr(string name) => Path.Combine(SharedData.Esmini, "xodr", name);

    private static string Car(string properties = "") => $"""
        <Vehicle name="car" vehicleCategory="car">
          <BoundingBox><Center x="1.4" y="0" z="0.75"/><Dimensions width="2.0" length="5.04" height="1.5"/></BoundingBox>
          <Performance maxSpeed="70" maxDeceleration="10" maxAcceleration="5"/>
          <Axles><FrontAxle maxSteering="0.5236" wheelDiameter="0.8" trackWidth="1.68" positionX="2.98" positionZ="0.4"/>
                 <RearAxle maxSteering="0.5236" wheelDiameter="0.8" trackWidth="1.68" positionX="0" positionZ="0.4"/></Axles>
          <Properties>{properties}</Properties>
        </Vehicle>
        """;

    /// <summary>A car on a road, a speed, and one trajectory event after 1 s.</summary>
    private static string Trajectory(string xodr, string start, string shape, string mode, string timing = "<None/>", string car = "")
        => $"""
           <?xml version="1.0" encoding="UTF-8"?>
           <OpenSCENARIO><FileHeader revMajor="1" revMinor="1" date="2024-01-01T00:00:00" description="variant" author="tests"/>
           <ParameterDeclarations/><CatalogLocations/>
           <RoadNetwork><LogicFile filepath="{Xodr(xodr)}"/></RoadNetwork>
           <Entities><ScenarioObject name="Car">{(car.Length > 0 ? car : Car())}</ScenarioObject></Entities>
           <Storyboard><Init><Actions><Private entityRef="Car">
           <PrivateAction><TeleportAction><Position>{start}</Position></TeleportAction></PrivateAction>
           <PrivateAction><LongitudinalAction><SpeedAction><SpeedActionDynamics dynamicsShape="step" dynamicsDimension="time" value="0"/><SpeedActionTarget><AbsoluteTargetSpeed value="10"/></SpeedActionTarget></SpeedAction></LongitudinalAction></PrivateAction>
           </Private></Actions></Init>
           <Story name="S"><Act name="Act"><ManeuverGroup maximumExecutionCount="1" name="G"><Actors selectTriggeringEntities="false"><EntityRef entityRef="Car"/></Actors>
           <Maneuver name="M"><Event name="E" priority="overwrite"><Action name="FT"><PrivateAction><RoutingAction><FollowTrajectoryAction>
           <TrajectoryRef><Trajectory name="T" closed="false"><ParameterDeclarations/><Shape>{shape}</Shape></Trajectory></TrajectoryRef>
           <TimeReference>{timing}</TimeReference><TrajectoryFollowingMode followingMode="{mode}"/></FollowTrajectoryAction></RoutingAction></PrivateAction></Action>
           <StartTrigger><ConditionGroup><Condition name="c" delay="0" conditionEdge="none"><ByValueCondition><SimulationTimeCondition value="1" rule="greaterThan"/></ByValueCondition></Condition></ConditionGroup></StartTrigger></Event></Maneuver></ManeuverGroup>
           <StartTrigger><ConditionGroup><Condition name="s" delay="0" conditionEdge="none"><ByValueCondition><SimulationTimeCondition value="0" rule="greaterThan"/></ByValueCondition></Condition></ConditionGroup></StartTrigger></Act></Story>
           <StopTrigger><ConditionGroup><Condition name="stop" delay="0" conditionEdge="none"><ByValueCondition><SimulationTimeCondition value="7" rule="greaterThan"/></ByValueCondition></Condition></ConditionGroup></StopTrigger>
           </Storyboard></OpenSCENARIO>
           """;

    private static string LaneVertex(double s, string orientation = "")
        => $"<Vertex><Position><LanePosition roadId=\"0\" laneId=\"-1\" s=\"{s}\" offset=\"0\">{orientation}</LanePosition></Position></Vertex>";

    private static string OnCurve(double s) => $"<LanePosition roadId=\"0\" laneId=\"-1\" s=\"{s}\" offset=\"0\"/>";

    private static string Variant(string name) => name switch
    {
        // Segment headings, corner blends (position mode) and linear blends of the lanes' own headings (follow).
        "lane-vertices-position" => Trajectory("curve_r100.xodr", OnCurve(490), "<Polyline>" + LaneVertex(500) + LaneVertex(520) + LaneVertex(540) + "</Polyline>", "position"),
        "lane-vertices-with-heading-follow" => Trajectory("curve_r100.xodr", OnCurve(490),
            "<Polyline>" + string.Concat(new[] { 500.0, 520, 540 }.Select(s => LaneVertex(s, "<Orientation type=\"relative\" h=\"0\"/>"))) + "</Polyline>", "follow"),
        // Vertices relative to the car itself, counted along its lane (dsLane) while it drives against s.
        "relative-vertices" => Trajectory("curve_r100.xodr", "<LanePosition roadId=\"0\" laneId=\"1\" s=\"560\" offset=\"0\"/>",
            "<Polyline>" + string.Concat(new[] { (0, 0, 0.0), (10, 0, 0), (25, -1, 0.3), (40, -1, 0) }.Select(v =>
                $"<Vertex><Position><RelativeLanePosition entityRef=\"Car\" dLane=\"{v.Item2}\" dsLane=\"{v.Item1}\" offset=\"{v.Item3.ToString(CultureInfo.InvariantCulture)}\"/></Position></Vertex>")) + "</Polyline>", "follow"),
        // A timed order-3 NURBS.
        "nurbs-timed" => Trajectory("curve_r100.xodr", OnCurve(390), "<Nurbs order=\"3\">"
            + string.Concat(new[] { (400.0, -1.5, 0), (420, -1.5, 2), (430, 5, 3), (450, 10, 5) }.Select(c =>
                $"<ControlPoint time=\"{c.Item3}\" weight=\"1\"><Position><WorldPosition x=\"{c.Item1}\" y=\"{c.Item2.ToString(CultureInfo.InvariantCulture)}\"/></Position></ControlPoint>"))
            + "<Knot value=\"0\"/><Knot value=\"0\"/><Knot value=\"0\"/><Knot value=\"1\"/><Knot value=\"2\"/><Knot value=\"2\"/><Knot value=\"2\"/></Nurbs>",
            "follow", "<Timing domainAbsoluteRelative=\"relative\" scale=\"1\" offset=\"0\"/>"),
        // The reference point 2 m ahead of the rear axle, on a curve, through a trajectory's start.
        "front-reference-point" => Trajectory("curve_r100.xodr", OnCurve(480), "<Polyline>" + LaneVertex(520) + LaneVertex(540) + "</Polyline>", "position",
            car: Car("<Property name=\"refpoint_x_offset\" value=\"2.0\"/>")),
        // A car placed 300 m along a route through several junctions of multi_intersections, driving it.
        "route-far-along" => Route(),
        // synch_with_steady_state without a final speed, and with one relative to the master.
        "synchronize-without-final-speed" => Synchronize(""),
        "synchronize-relative-final-speed" => Synchronize("<FinalSpeed><RelativeSpeedToMaster value=\"-4\" speedTargetValueType=\"delta\"><TargetDistanceSteadyState distance=\"5\"/></RelativeSpeedToMaster></FinalSpeed>"),
        _ => throw new ArgumentException(name),
    };

    private static string Route()
    {
        string route = """
            <Route name="complex" closed="false">
              <Waypoint routeStrategy="shortest"><Position><LanePosition roadId="242" laneId="1" offset="0" s="100"/></Position></Waypoint>
              <Waypoint routeStrategy="shortest"><Position><LanePosition roadId="261" laneId="1" offset="0" s="50"/></Position></Waypoint>
              <Waypoint routeStrategy="shortest"><Position><LanePosition roadId="222" laneId="-1" offset="0" s="20"/></Position></Waypoint>
              <Waypoint routeStrategy="shortest"><Position><LanePosition roadId="197" laneId="-1" offset="0" s="20"/></Position></Waypoint>
            </Route>
            """;
        return $"""
           <?xml version="1.0" encoding="UTF-8"?>
           <OpenSCENARIO><FileHeader revMajor="1" revMinor="1" date="2024-01-01T00:00:00" description="variant" author="tests"/>
           <ParameterDeclarations/><CatalogLocations/>
           <RoadNetwork><LogicFile filepath="{Xodr("multi_intersections.xodr")}"/></RoadNetwork>
           <Entities><ScenarioObject name="Car">{Car()}</ScenarioObject></Entities>
           <Storyboard><Init><Actions><Private entityRef="Car">
           <PrivateAction><RoutingAction><AssignRouteAction>{route}</AssignRouteAction></RoutingAction></PrivateAction>
           <PrivateAction><TeleportAction><Position><RoutePosition><RouteRef>{route}</RouteRef><InRoutePosition><FromLaneCoordinates pathS="300" laneId="1"/></InRoutePosition></RoutePosition></Position></TeleportAction></PrivateAction>
           <PrivateAction><LongitudinalAction><SpeedAction><SpeedActionDynamics dynamicsShape="step" dynamicsDimension="time" value="0"/><SpeedActionTarget><AbsoluteTargetSpeed value="15"/></SpeedActionTarget></SpeedAction></LongitudinalAction></PrivateAction>
           </Private></Actions></Init>
           <StopTrigger><ConditionGroup><Condition name="stop" delay="0" conditionEdge="none"><ByValueCondition><SimulationTimeCondition value="10" rule="greaterThan"/></ByValueCondition></Condition></ConditionGroup></StopTrigger>
           </Storyboard></OpenSCENARIO>
           """;
    }

    private static string Synchronize(string finalSpeed)
    {
        // Written elsewhere: its paths relative to the shared xosc folder become absolute.
        string text = File.ReadAllText(Path.Combine(SharedData.Esmini, "xosc", "synch_with_steady_state.xosc"))
            .Replace("\"../xodr/", "\"" + Path.Combine(SharedData.Esmini, "xodr") + "/", StringComparison.Ordinal)
            .Replace("\"../xosc/", "\"" + Path.Combine(SharedData.Esmini, "xosc") + "/", StringComparison.Ordinal);
        int a = text.IndexOf("<FinalSpeed>", StringComparison.Ordinal), b = text.IndexOf("</FinalSpeed>", StringComparison.Ordinal) + "</FinalSpeed>".Length;
        return text[..a] + finalSpeed + text[b..];
    }

    [SharedTheory]
    [InlineData("lane-vertices-position")]
    [InlineData("lane-vertices-with-heading-follow")]
    [InlineData("relative-vertices")]
    [InlineData("nurbs-timed")]
    [InlineData("front-reference-point")]
    [InlineData("route-far-along")]
    [InlineData("synchronize-without-final-speed")]
    [InlineData("synchronize-relative-final-speed")]
    public void EsminiAndWeAgree(string name)
    {
        string esmini = Path.Combine(Shared, "bench", "esmini", "esmini");
        if (!File.Exists(esmini))
        {
            Assert.Fail($"{esmini} is absent: the shared data is incomplete");
        }
        string dir = Path.Combine(Path.GetTempPath(), "esmini-variants", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string xosc = Path.Combine(dir, name + ".xosc");
        File.WriteAllText(xosc, Variant(name));
        try
        {
            string csv = Path.Combine(dir, name + ".csv");
            var psi = new ProcessStartInfo(esmini) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
            foreach (string arg in new[] { "--headless", "--fixed_timestep", "0.01", "--csv_logger", csv, "--osc", xosc, "--disable_stdout", "--disable_log" })
            {
                psi.ArgumentList.Add(arg);
            }
            using (Process p = Process.Start(psi)!)
            {
                p.StandardOutput.ReadToEnd();
                Assert.True(p.WaitForExit(60_000), "esmini did not finish within a minute");
                Assert.True(File.Exists(csv), $"esmini wrote no {csv} (exit {p.ExitCode}): {p.StandardError.ReadToEnd()}");
            }
            EsminiTrajectory theirs = EsminiTrajectory.ReadEsminiLog(csv);
            Scenario scenario = OpenScenarioReader.Load(xosc, null, new OpenScenarioOptions { EgoDriver = EgoDriverMode.Scenario }, new List<InputError>());
            var sim = new Simulator(scenario, new SimulationOptions { Step = 0.01 });
            EsminiTrajectory ours = EsminiTrajectory.Record(sim);
            var failures = new List<string>();
            foreach (string entity in theirs.Entities)
            {
                var d = TrajectoryDifference.Compare(entity, theirs.Rows(entity), ours.Rows(entity));
                output.WriteLine(d.ToString());
                if (d.Compared < theirs.Rows(entity).Count || d.MaxPosition > 0.10 || d.MaxHeading > 0.01 || d.MaxSpeed > 0.05)
                {
                    failures.Add(d.ToString());
                }
                if (Math.Abs(theirs.Rows(entity)[^1].Time - ours.Rows(entity)[^1].Time) > 1e-6)
                {
                    failures.Add($"{entity}: esmini's run ends at {theirs.Rows(entity)[^1].Time}, ours at {ours.Rows(entity)[^1].Time}");
                }
            }
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
