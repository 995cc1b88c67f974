using System.Text.Json;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>
/// OpenSCENARIO in the CLI: parameter value distributions in `sim batch` and `sim run`, the default
/// ego_no_collision criterion and `--criteria none`, scenarios without roads.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class OpenScenarioRunTests
{
    private static JsonElement Json(string path) => JsonDocument.Parse(File.ReadAllBytes(path)).RootElement;

    [EsminiDataFact]
    public void ADistributionBatchRunsEachAssignmentAsSimRunWithThoseParameters()
    {
        using var dir = new TempDir();
        string distribution = Path.Combine(EsminiData.Xosc, "cut-in_parameter_set.xosc");
        string outDir = dir.File("batch");
        CliResult batch = SimCli.InProcess("batch", distribution, "--out", outDir, "--jobs", "2", "--quiet");
        Assert.True(batch.ExitCode == 0, batch.ToString());
        JsonElement[] runs = Json(Path.Combine(outDir, "summary.json")).GetProperty("runs").EnumerateArray().ToArray();
        // 2 value sets x 2 ego speeds x 3 speed factors.
        Assert.Equal(12, runs.Length);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonElement run in runs)
        {
            string id = run.GetProperty("id").GetString()!;
            Assert.True(ids.Add(id));
            // The id names the assignment: cut-in_parameter_set__EgoSpeed=70.0__HostVehicle=car_blue__...
            string[] parts = id.Split("__");
            Assert.Equal("cut-in_parameter_set", parts[0]);
            string[] parameters = parts[1..];
            Assert.Contains(parameters, p => p.StartsWith("EgoSpeed=", StringComparison.Ordinal));
            Assert.Contains(parameters, p => p.StartsWith("TargetSpeedFactor=", StringComparison.Ordinal));
            string batchHash = Json(Path.Combine(outDir, id, "result.json")).GetProperty("state_hash").GetString()!;

            var args = new List<string> { "run", Path.Combine(EsminiData.Xosc, "cut-in.xosc"), "--out", dir.File("single"), "--quiet" };
            foreach (string p in parameters)
            {
                args.Add("--param");
                args.Add(p);
            }
            CliResult single = SimCli.InProcess(args.ToArray());
            Assert.True(single.ExitCode == 0, single.ToString());
            Assert.Equal(batchHash, Json(dir.File("single/result.json")).GetProperty("state_hash").GetString());
        }
        Assert.Equal(6, ids.Count(i => i.Contains("__HostVehicle=car_blue__", StringComparison.Ordinal)));
        Assert.Equal(6, ids.Count(i => i.Contains("TargetVehicle=van_red", StringComparison.Ordinal) && !i.Contains("HostVehicle", StringComparison.Ordinal)));
    }

    [EsminiDataFact]
    public void RunOnADistributionPlaysItsFirstAssignmentAndSaysSo()
    {
        using var dir = new TempDir();
        CliResult r = SimCli.InProcess("run", Path.Combine(EsminiData.Xosc, "cut-in_parameter_set.xosc"), "--out", dir.File("out"), "--quiet");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("note: a parameter value distribution of 12 runs over cut-in.xosc: playing the first (HostVehicle=car_blue, TargetVehicle=car_yellow, EgoSpeed=70.0, TargetSpeedFactor=1.1)", r.StdErr, StringComparison.Ordinal);
        CliResult first = SimCli.InProcess("run", Path.Combine(EsminiData.Xosc, "cut-in.xosc"), "--out", dir.File("first"), "--quiet",
            "--param", "HostVehicle=car_blue", "--param", "TargetVehicle=car_yellow", "--param", "EgoSpeed=70.0", "--param", "TargetSpeedFactor=1.1");
        Assert.Equal(Json(dir.File("first/result.json")).GetProperty("state_hash").GetString(), Json(dir.File("out/result.json")).GetProperty("state_hash").GetString());
        Assert.Equal(0, first.ExitCode);
    }

    /// <summary>Two cars in one lane of a straight road built in the scenario's folder; the ego runs into the standing one.</summary>
    private static string Crash(TempDir dir)
    {
        dir.Write("road.xodr", """
            <?xml version="1.0" encoding="UTF-8"?>
            <OpenDRIVE><header revMajor="1" revMinor="6" name="straight"/>
              <road name="r" length="500" id="r" junction="-1">
                <planView><geometry s="0" x="0" y="0" hdg="0" length="500"><line/></geometry></planView>
                <lanes><laneSection s="0"><center><lane id="0" type="none"/></center>
                  <right><lane id="-1" type="driving"><width sOffset="0" a="3.5" b="0" c="0" d="0"/></lane></right></laneSection></lanes>
              </road>
            </OpenDRIVE>
            """);
        const string car = """<Vehicle name="car" vehicleCategory="car"><BoundingBox><Center x="1.4" y="0" z="0.75"/><Dimensions width="2.0" length="5.0" height="1.5"/></BoundingBox><Performance maxSpeed="70" maxDeceleration="10" maxAcceleration="5"/><Axles><FrontAxle maxSteering="0.5" wheelDiameter="0.8" trackWidth="1.68" positionX="2.98" positionZ="0.4"/><RearAxle maxSteering="0.5" wheelDiameter="0.8" trackWidth="1.68" positionX="0" positionZ="0.4"/></Axles></Vehicle>""";
        string place(string e, double s, double v) => $"""<Private entityRef="{e}"><PrivateAction><TeleportAction><Position><LanePosition roadId="r" laneId="-1" s="{s}" offset="0"/></Position></TeleportAction></PrivateAction><PrivateAction><LongitudinalAction><SpeedAction><SpeedActionDynamics dynamicsShape="step" dynamicsDimension="time" value="0"/><SpeedActionTarget><AbsoluteTargetSpeed value="{v}"/></SpeedActionTarget></SpeedAction></LongitudinalAction></PrivateAction></Private>""";
        return dir.Write("crash.xosc", $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <OpenSCENARIO><FileHeader revMajor="1" revMinor="2" date="2024-01-01T00:00:00" description="crash" author="t"/>
              <RoadNetwork><LogicFile filepath="road.xodr"/></RoadNetwork>
              <Entities><ScenarioObject name="Ego">{car}</ScenarioObject><ScenarioObject name="Car">{car}</ScenarioObject></Entities>
              <Storyboard><Init><Actions>{place("Ego", 50, 10)}{place("Car", 100, 0)}</Actions></Init>
                <StopTrigger><ConditionGroup><Condition name="end" delay="0" conditionEdge="none"><ByValueCondition><SimulationTimeCondition value="6" rule="greaterThan"/></ByValueCondition></Condition></ConditionGroup></StopTrigger>
              </Storyboard>
            </OpenSCENARIO>
            """);
    }

    [Fact]
    public void ACrashFailsAnOpenScenarioRunByTheDefaultCriterion()
    {
        using var dir = new TempDir();
        CliResult r = SimCli.InProcess("run", Crash(dir), "--ego-driver", "Scenario", "--out", dir.File("out"));
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("ego_no_collision (default)", r.StdOut, StringComparison.Ordinal);
        JsonElement c = Assert.Single(Json(dir.File("out/result.json")).GetProperty("criteria").EnumerateArray().ToArray());
        Assert.Equal("ego_no_collision", c.GetProperty("name").GetString());
        Assert.Equal("default", c.GetProperty("source").GetString());
        Assert.False(c.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public void CriteriaNoneDropsTheDefault()
    {
        using var dir = new TempDir();
        CliResult r = SimCli.InProcess("run", Crash(dir), "--ego-driver", "Scenario", "--criteria", "none", "--out", dir.File("out"), "--quiet");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Empty(Json(dir.File("out/result.json")).GetProperty("criteria").EnumerateArray());
        CliResult bad = SimCli.InProcess("run", Crash(dir), "--criteria", "all", "--out", dir.File("out2"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--criteria: error: 'all' is not default or none", bad.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void AScenarioWithoutRoadsRunsAndSaysWhichKpisDoNotApply()
    {
        using var dir = new TempDir();
        string xosc = File.ReadAllText(Crash(dir))
            .Replace("<RoadNetwork><LogicFile filepath=\"road.xodr\"/></RoadNetwork>", "<RoadNetwork/>", StringComparison.Ordinal)
            .Replace("<LanePosition roadId=\"r\" laneId=\"-1\" s=\"50\" offset=\"0\"/>", "<WorldPosition x=\"0\" y=\"0\" h=\"0\"/>", StringComparison.Ordinal)
            .Replace("<LanePosition roadId=\"r\" laneId=\"-1\" s=\"100\" offset=\"0\"/>", "<WorldPosition x=\"0\" y=\"10\" h=\"0\"/>", StringComparison.Ordinal);
        CliResult r = SimCli.InProcess("run", dir.Write("noroad.xosc", xosc), "--out", dir.File("out"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("no road network (no LogicFile)", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("n/a (no road network)", r.StdOut, StringComparison.Ordinal);
        JsonElement result = Json(dir.File("out/result.json"));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("kpis").GetProperty("offroad_time").ValueKind);
        Assert.Equal("no road network", result.GetProperty("kpis_not_applicable").GetProperty("lane_departures").GetString());
        // The ego (reference driver, no road to keep to) drives straight along +x at its start speed.
        string last = File.ReadLines(dir.File("out/trajectories.csv")).Last(l => l.Split(',')[1] == "Ego");
        string[] f = last.Split(',');
        Assert.Equal(0, double.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture), 3);
        Assert.Equal(string.Empty, f[7]);
    }
}
