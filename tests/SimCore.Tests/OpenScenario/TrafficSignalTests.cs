using SimCore.Diagnostics;
using SimCore.OpenScenario;
using SimCore.Roads;
using SimCore.Simulation;
using static SimCore.Tests.OpenScenario.Xosc;

namespace SimCore.Tests.OpenScenario;

/// <summary>
/// Traffic signals over the road network's signals: states set by actions, controllers cycling
/// phases in simulated time, and the conditions that look at both. Times are worked out by hand
/// from the phase durations; a step's storyboard runs at its start time.
/// </summary>
public sealed class TrafficSignalTests
{
    /// <summary>Road "r" with a three-lamp traffic light "1" (red;yellow;green) and a two-lamp pedestrian light "2".</summary>
    private static RoadNetwork SignalRoad()
    {
        Road r = Xosc.Road().Roads[0];
        var road = new Road("r", r.ReferenceLine, r.Sections)
        {
            Signals =
            [
                new RoadSignal("1", "r", 200, -4, true, "+", "1000001", "-1", "OpenDRIVE"),
                new RoadSignal("2", "r", 210, 4, true, "+", "1000002", "-1", "OpenDRIVE"),
            ],
        };
        return new RoadNetwork([road]);
    }

    private const string Controllers = """
        <TrafficSignals>
          <TrafficSignalController name="C1">
            <Phase name="stop" duration="2"><TrafficSignalState trafficSignalId="1" state="on;off;off"/></Phase>
            <Phase name="go" duration="3"><TrafficSignalState trafficSignalId="1" state="off;off;on"/></Phase>
          </TrafficSignalController>
          <TrafficSignalController name="C2" delay="1" reference="C1">
            <Phase name="wait" duration="1"><TrafficSignalState trafficSignalId="2" state="on;off"/></Phase>
            <Phase name="walk" duration="1"><TrafficSignalState trafficSignalId="2" state="off;on"/></Phase>
          </TrafficSignalController>
        </TrafficSignals>
        """;

    private static string Global(string action) => $"<GlobalAction><InfrastructureAction><TrafficSignalAction>{action}</TrafficSignalAction></InfrastructureAction></GlobalAction>";

    private static string SignalIs(string id, string state)
        => $"""<Condition name="sig" delay="0" conditionEdge="none"><ByValueCondition><TrafficSignalCondition name="{id}" state="{state}"/></ByValueCondition></Condition>""";

    private static string PhaseIs(string controller, string phase)
        => $"""<Condition name="ph" delay="0" conditionEdge="none"><ByValueCondition><TrafficSignalControllerCondition trafficSignalControllerRef="{controller}" phase="{phase}"/></ByValueCondition></Condition>""";

    private static string WithControllers(string xml) => xml.Replace("<RoadNetwork><LogicFile filepath=\"road.xodr\"/></RoadNetwork>",
        $"<RoadNetwork><LogicFile filepath=\"road.xodr\"/>{Controllers}</RoadNetwork>", StringComparison.Ordinal);

    private static RunResult Play(string init, string events, double stop = 8)
    {
        string xml = WithControllers(Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 10), 0) + init, Story("Ego", events), stopAt: stop));
        return Run(Load(xml, out _, new OpenScenarioOptions { EgoDriver = EgoDriverMode.Scenario, Network = SignalRoad() }));
    }

    private static List<(double Time, string State)> Changes(RunResult r, string signal)
        => r.Events.Where(e => e.Type == "traffic_signal" && e.Name == signal).Select(e => (Math.Round(e.Time, 6), e.Detail!)).ToList();

    [Fact]
    public void Controllers_cycle_their_phases_in_simulated_time()
    {
        RunResult r = Play("", Event("Idle", SpeedTo(0), Trigger(SimTime(100))));
        // C1: stop [0, 2), go [2, 5), stop [5, 7), go [7, 10).
        Assert.Equal([(0, "on;off;off"), (2, "off;off;on"), (5, "on;off;off"), (7, "off;off;on")], Changes(r, "1"));
        // C2 starts 1 s after C1's first phase: wait [1, 2), walk [2, 3), wait [3, 4) ... (the last
        // storyboard pass is at 8.00: "time > 8" stops the run at 8.01).
        Assert.Equal([(1, "on;off"), (2, "off;on"), (3, "on;off"), (4, "off;on"), (5, "on;off"), (6, "off;on"), (7, "on;off"), (8, "off;on")], Changes(r, "2"));
    }

    [Fact]
    public void Conditions_see_a_controllers_phase_and_a_signals_state()
    {
        RunResult r = Play("",
            Event("GoPhase", SpeedTo(0), Trigger(PhaseIs("C1", "go")))
            + Event("GreenLight", SpeedTo(0), Trigger(SignalIs("1", "off; off; ON"))));
        // C1 enters "go" at 2.00; the storyboard of the step at 2.00 sees it.
        Assert.Equal(2.0, Started(r, "GoPhase")!.Value, 9);
        Assert.Equal(2.0, Started(r, "GreenLight")!.Value, 9);
    }

    [Fact]
    public void A_controller_action_restarts_the_cycle_at_the_named_phase()
    {
        string toStop = Global("""<TrafficSignalControllerAction trafficSignalControllerRef="C1" phase="stop"/>""");
        RunResult r = Play("", Event("Hold", toStop, Trigger(SimTime(3))));
        // Go from 2; the action at 3.01 (the first step with time > 3) starts "stop" for its 2 s,
        // then go for 3 s, and stop again at 8.01, as the run ends.
        Assert.Equal([(0, "on;off;off"), (2, "off;off;on"), (3.01, "on;off;off"), (5.01, "off;off;on"), (8.01, "on;off;off")], Changes(r, "1"));
    }

    [Fact]
    public void A_state_action_acts_at_once_so_a_later_condition_of_the_same_pass_sees_it()
    {
        string yellow = Global("""<TrafficSignalStateAction name="1" state="off;on;off"/>""");
        RunResult r = Play(Global("""<TrafficSignalStateAction name="1" state="off;off;on"/>"""),
            Event("ToYellow", yellow, Trigger(SimTime(1))) + Event("SeesYellow", SpeedTo(0), Trigger(SignalIs("1", "off;on;off"))), stop: 3);
        Assert.Equal(1.01, Started(r, "ToYellow")!.Value, 9);
        Assert.Equal(1.01, Started(r, "SeesYellow")!.Value, 9);
    }

    [Fact]
    public void References_to_signals_controllers_and_phases_are_checked()
    {
        string bad = Global("""<TrafficSignalStateAction name="11" state="on;off;off"/>""")
            + "<!--x-->" + Global("""<TrafficSignalControllerAction trafficSignalControllerRef="C3" phase="go"/>""");
        string xml = WithControllers(Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 10), 0) + bad,
            Story("Ego", Event("E", Global("""<TrafficSignalControllerAction trafficSignalControllerRef="C1" phase="gone"/>"""), Trigger(SimTime(1))))));
        IReadOnlyList<InputError> errors = Errors(xml, new OpenScenarioOptions { EgoDriver = EgoDriverMode.Scenario, Network = SignalRoad() });
        Assert.Contains(errors, e => e.Message.Contains("no signal '11'") && e.Message.Contains("'1'"));
        Assert.Contains(errors, e => e.Message.Contains("unknown traffic signal controller 'C3'") && e.Message.Contains("C1"));
        Assert.Contains(errors, e => e.Message.Contains("controller 'C1' has no phase 'gone'") && e.Message.Contains("go"));
        Assert.All(errors, e => Assert.True(e.Location.Line > 0));
    }

    [Fact]
    public void A_phase_needs_a_positive_duration()
    {
        string xml = WithControllers(Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 10), 0))).Replace("duration=\"3\"", "duration=\"0\"", StringComparison.Ordinal);
        IReadOnlyList<InputError> errors = Errors(xml, new OpenScenarioOptions { EgoDriver = EgoDriverMode.Scenario, Network = SignalRoad() });
        Assert.Contains(errors, e => e.Message.Contains("positive number of seconds"));
    }

    [Fact]
    public void A_light_state_with_the_wrong_lamp_count_is_a_warning()
    {
        string xml = WithControllers(Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 10), 0) + Global("""<TrafficSignalStateAction name="1" state="on;off"/>""")));
        Load(xml, out List<InputError> warnings, new OpenScenarioOptions { EgoDriver = EgoDriverMode.Scenario, Network = SignalRoad() });
        Assert.Contains(warnings, w => w.Message.Contains("has 3 lamps"));
    }
}
