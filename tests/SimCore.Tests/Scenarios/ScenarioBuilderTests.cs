using SimCore.Diagnostics;
using SimCore.Driver;
using SimCore.Entities;
using SimCore.Scenarios;
using SimCore.Simulation;
using SimCore.Tests.Simulation;
using SimCore.Traffic;
using static SimCore.Tests.Simulation.SimHarness;

namespace SimCore.Tests.Scenarios;

/// <summary>A scenario built in code runs exactly as the YAML that says the same (the reader is the reference).</summary>
public class ScenarioBuilderTests
{
    private static readonly string Head = "name: built\nduration: 8\nstep: 0.01\nseed: 3\n" + StraightRoad(2000, 3);

    private const string Ego = "  - {name: ego, type: car, position: {road: r, lane: -2, s: 50}, speed: 25, driver: reference}\n";

    private const string Events = "events:\n  - name: cut_in\n    start: {simulation_time: 1}\n" +
        "    actions:\n      - lane_change: {entity: lead, lane: -2, shape: sinusoidal, time: 2}\n";

    private static void AssertSameRun(Trace a, Trace b)
    {
        Assert.Equal(a.Result.StateHash, b.Result.StateHash);
        Assert.Equal(a.Frames.Count, b.Frames.Count);
        for (int i = 0; i < a.Frames.Count; i++)
        {
            Assert.Equal(a.Frames[i], b.Frames[i]);
        }
        Assert.Equal(a.Result.Events.Select(e => (e.Time, e.Type, e.Name)), b.Result.Events.Select(e => (e.Time, e.Type, e.Name)));
    }

    [Fact]
    public void ActorsAddedToALoadedScenarioRunAsTheSameActorsWrittenInYaml()
    {
        const string lead = "  - {name: lead, type: car, position: {road: r, lane: -1, s: 90}, speed: 20}\n";
        Scenario basis = Parse(Head + "entities:\n" + Ego + lead + Events);
        Scenario built = new ScenarioBuilder(basis)
            .AddTraffic("truck", EntityKind.Truck, new LanePlacement("r", -3, 140.5), 18, new IdmParameters { DesiredSpeed = 22 })
            .AddTraffic("walker", EntityKind.Pedestrian, new LanePlacement("r", -3, 400, 0.5), 0)
            .WithEnvironment(new EnvironmentSettings { TimeOfDay = 21.25, Visibility = 400 })
            .EndOnCollision(false)
            .Build();
        Scenario written = Parse(Head + "end_on_collision: false\nenvironment: {time_of_day: 21.25, visibility: 400}\nentities:\n" + Ego + lead +
            "  - {name: truck, type: truck, position: {road: r, lane: -3, s: 140.5}, speed: 18, behavior: {type: idm, desired_speed: 22}}\n" +
            "  - {name: walker, type: pedestrian, position: {road: r, lane: -3, s: 400, offset: 0.5}, speed: 0}\n" + Events);

        Assert.Equal(written.EntityNames, built.EntityNames);
        Assert.Equal(written.Environment, built.Environment);
        Trace a = SimHarness.Run(built), b = SimHarness.Run(written);
        Assert.Single(a.EventsOf("event_start", "cut_in"));
        // The IDM truck moved off its start speed (it follows its lane's traffic), so the behaviour is in effect.
        Assert.NotEqual(18, a.Frames[^1][2].Speed, 3);
        AssertSameRun(a, b);
    }

    [Fact]
    public void AScenarioFromRoadsAloneRunsAsItsYaml()
    {
        Scenario roads = Parse(Head + "entities:\n  - {name: marker, type: pedestrian, position: {road: r, lane: -1, s: 1900}}\n");
        var driver = new ReferenceDriverSettings { CruiseSpeed = 30, TimeGap = 2.1 };
        Scenario built = new ScenarioBuilder("from_code", roads.Network, 8)
            .WithSeed(3)
            .AddEgo("ego", EntityKind.Car, new LanePlacement("r", -2, 50), 25, driver)
            .AddTraffic("lead", EntityKind.Car, new LanePlacement("r", -2, 110), 15)
            .Build();
        Scenario written = Parse(Head + "entities:\n" +
            "  - {name: ego, type: car, position: {road: r, lane: -2, s: 50}, speed: 25, driver: {type: reference, cruise_speed: 30, time_gap: 2.1}}\n" +
            "  - {name: lead, type: car, position: {road: r, lane: -2, s: 110}, speed: 15}\n");

        Assert.Equal("from_code", built.Name);
        Assert.Equal(0, new Simulator(built).EgoIndex);
        AssertSameRun(SimHarness.Run(built), SimHarness.Run(written));
    }

    [Fact]
    public void EveryProblemIsReportedByEntity()
    {
        Scenario basis = Parse(Head + "entities:\n" + Ego);
        var e = Assert.Throws<InputException>(() => new ScenarioBuilder(basis)
            .AddTraffic("ego", EntityKind.Car, new LanePlacement("r", -1, 10), 5)
            .AddTraffic("lost", EntityKind.Car, new LanePlacement("nowhere", -1, 10), 5)
            .AddTraffic("centre", EntityKind.Car, new LanePlacement("r", 0, 10), 5)
            .AddTraffic("fast", EntityKind.Car, new LanePlacement("r", -1, 30), double.NaN)
            .AddEgo("second", EntityKind.Car, new LanePlacement("r", -3, 10), 5)
            .AddEgo("walker", EntityKind.Pedestrian, new LanePlacement("r", -3, 60), 1)
            .WithDuration(0)
            .Build());
        string all = string.Join("\n", e.Errors.Select(x => x.Message));
        Assert.Contains("entity name 'ego' is used more than once", all);
        Assert.Contains("position of 'lost'", all);
        Assert.Contains("nowhere", all);
        Assert.Contains("position of 'centre': lane 0", all);
        Assert.Contains("'speed' of 'fast'", all);
        Assert.Contains("'walker': only cars, trucks and buses can have a driver", all);
        Assert.Contains("'ego' already has one", all);
        Assert.Contains("'duration'", all);
        Assert.All(e.Errors, x => Assert.Equal(InlinePath, x.Location.File));
    }
}
