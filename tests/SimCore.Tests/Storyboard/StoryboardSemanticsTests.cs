using SimCore.Simulation;
using SimCore.Tests.Simulation;
using static SimCore.Tests.Simulation.SimHarness;

namespace SimCore.Tests.Storyboard;

/// <summary>
/// OpenSCENARIO storyboard semantics observed through the event log of whole runs: trigger timing
/// in whole steps, edges, delays, OR of ANDs, priorities, repeated executions, chaining and stop.
/// </summary>
public class StoryboardSemanticsTests
{
    private static Trace RunEvents(string events, double duration = 20, double step = 0.01, string extra = "")
    {
        string yaml = $"name: sb\nduration: {Fmt(duration)}\nstep: {Fmt(step)}\n" + StraightRoad(3000, 3) +
            "entities:\n" +
            "  - {name: a, type: car, position: {road: r, lane: -1, s: 10}, speed: 10}\n" +
            "  - {name: b, type: car, position: {road: r, lane: -2, s: 10}, speed: 10}\n" +
            "events:\n" + events + extra;
        return SimHarness.Run(Parse(yaml));
    }

    /// <summary>An event named <paramref name="name"/> with the given start trigger (YAML, indented under 'start:').</summary>
    private static string Event(string name, string start, string action = "speed: {entity: a, target: 12, shape: step}", string extra = "")
        => $"  - name: {name}\n{extra}    start:\n{start}    actions:\n      - {action}\n";

    private static double[] Starts(Trace t, string name) => t.EventsOf("event_start", name).Select(e => e.Time).ToArray();

    [Fact]
    public void SimulationTimeTriggersOnTheExactStep()
    {
        // With a 0.1 s step, three float additions of 0.1 exceed 0.3; the clock counts whole
        // nanoseconds, so ">= 0.3" holds at step 3 and "> 0.3" first at step 4.
        Trace t = RunEvents(
            Event("ge", "      simulation_time: {value: 0.3, rule: greater_or_equal}\n") +
            Event("gt", "      simulation_time: {value: 0.3, rule: greater_than}\n") +
            Event("eq", "      simulation_time: {value: 0.7, rule: equal_to}\n"),
            duration: 2, step: 0.1);
        Assert.Equal(new[] { 0.3 }, Starts(t, "ge"));
        Assert.Equal(new[] { 0.4 }, Starts(t, "gt"));
        Assert.Equal(new[] { 0.7 }, Starts(t, "eq"));
    }

    [Fact]
    public void ScalarSimulationTimeMeansGreaterOrEqual()
    {
        Trace t = RunEvents(Event("go", "      simulation_time: 1.23\n"), duration: 3);
        Assert.Equal(new[] { 1.23 }, Starts(t, "go"));
    }

    [Fact]
    public void RisingEdgeFiresOnceWhileALevelTriggerRepeats()
    {
        // Both may run three times; the condition stays true from 1 s on.
        Trace t = RunEvents(
            Event("rising", "      simulation_time: {value: 1, rule: greater_or_equal}\n      edge: rising\n", extra: "    max_executions: 3\n") +
            Event("level", "      simulation_time: {value: 1, rule: greater_or_equal}\n", "speed: {entity: b, target: 12, shape: step}", extra: "    max_executions: 3\n"),
            duration: 3);
        Assert.Equal(new[] { 1.0 }, Starts(t, "rising"));
        double[] level = Starts(t, "level");
        Assert.Equal(3, level.Length);
        Assert.Equal(1.0, level[0]);
    }

    [Fact]
    public void FallingEdgeFiresWhenTheConditionBecomesFalse()
    {
        // "time < 2" is true from the first step and turns false at exactly 2 s.
        Trace t = RunEvents(Event("fall", "      simulation_time: {value: 2, rule: less_than}\n      edge: falling\n"), duration: 4);
        Assert.Equal(new[] { 2.0 }, Starts(t, "fall"));
    }

    [Theory]
    [InlineData("rising")]
    [InlineData("none")]
    public void DelayShiftsTheStartByTheDelay(string edge)
    {
        Trace t = RunEvents(Event("late", $"      simulation_time: {{value: 2, rule: greater_or_equal}}\n      edge: {edge}\n      delay: 1.5\n"), duration: 5);
        double[] starts = Starts(t, "late");
        Assert.Single(starts);
        Assert.Equal(2.0 + 1.5, starts[0], 9);
    }

    [Fact]
    public void AnyIsAnOrOfAnds()
    {
        // Group times: all of [3, 4] holds from 4 s; [6] from 6 s; so the trigger fires at 4 s.
        // The second trigger's first group never holds (speed never above 100), its second from 2 s.
        Trace t = RunEvents(
            Event("or1", "      any:\n        - [{simulation_time: 3}, {simulation_time: 4}]\n        - {simulation_time: 6}\n") +
            Event("or2", "      any:\n        - [{simulation_time: 1}, {speed: {entity: a, value: 100, rule: greater_than}}]\n        - [{simulation_time: 2}]\n",
                "speed: {entity: b, target: 12, shape: step}"),
            duration: 8);
        Assert.Equal(new[] { 4.0 }, Starts(t, "or1"));
        Assert.Equal(new[] { 2.0 }, Starts(t, "or2"));
    }

    [Fact]
    public void AListOfConditionsIsAnAnd()
    {
        Trace t = RunEvents(Event("and", "      - {simulation_time: 3}\n      - {simulation_time: 1}\n"), duration: 5);
        Assert.Equal(new[] { 3.0 }, Starts(t, "and"));
    }

    [Fact]
    public void OverridePriorityStopsTheRunningEvents()
    {
        Trace t = RunEvents(
            Event("long", "      simulation_time: 1\n", "speed: {entity: a, target: 30, shape: linear, time: 10}") +
            Event("side", "      simulation_time: 2\n", "speed: {entity: b, target: 30, shape: linear, time: 10}") +
            Event("boss", "      simulation_time: 3\n", "speed: {entity: a, target: 5, shape: step}", extra: "    priority: override\n"),
            duration: 5);
        SimEvent[] stops = t.EventsOf("event_stop").ToArray();
        Assert.Equal(new[] { "long", "side" }, stops.Select(s => s.Name).OrderBy(n => n).ToArray());
        Assert.All(stops, s => Assert.Equal(3.0, s.Time));
        Assert.All(stops, s => Assert.Contains("boss", s.Detail));
        Assert.Equal(new[] { 3.0 }, Starts(t, "boss"));
        // A stopped event never ends naturally.
        Assert.Empty(t.EventsOf("event_end", "long"));
        // The overriding step action leaves 'a' at 5 m/s; 'b' keeps the speed it had at the stop.
        Assert.Equal(5.0, t.At(4.0, "a").Speed, 9);
        double bAtStop = t.At(3.0, "b").Speed;
        Assert.Equal(bAtStop, t.At(4.5, "b").Speed, 9);
        Assert.True(bAtStop > 10 && bAtStop < 30);
    }

    [Fact]
    public void SkipPriorityDoesNotStartWhileAnotherEventRuns()
    {
        string skip = Event("polite", "      simulation_time: 3\n      edge: rising\n", "speed: {entity: b, target: 5, shape: step}", extra: "    priority: skip\n");
        Trace busy = RunEvents(Event("long", "      simulation_time: 1\n", "speed: {entity: a, target: 30, shape: linear, time: 10}") + skip, duration: 6);
        Assert.Empty(Starts(busy, "polite"));
        Assert.Empty(busy.EventsOf("event_stop"));
        Assert.Equal(10.0, busy.At(5.0, "b").Speed, 9);

        // Control: with nothing else running it starts on time.
        Trace idle = RunEvents(Event("long", "      simulation_time: 9\n", "speed: {entity: a, target: 30, shape: linear, time: 10}") + skip, duration: 6);
        Assert.Equal(new[] { 3.0 }, Starts(idle, "polite"));
    }

    [Fact]
    public void MaxExecutionsRetriggers()
    {
        Trace t = RunEvents(Event("twice", "      simulation_time: 1\n", "speed: {entity: a, target: 15, shape: linear, time: 1}", extra: "    max_executions: 2\n"), duration: 8);
        double[] starts = Starts(t, "twice");
        double[] ends = t.EventsOf("event_end", "twice").Select(e => e.Time).ToArray();
        Assert.Equal(2, starts.Length);
        Assert.Equal(2, ends.Length);
        Assert.Equal(1.0, starts[0]);
        Assert.True(ends[0] <= starts[1], "the second execution starts after the first ended");
        // Each execution lasts the action's 1 s (to within a step).
        Assert.InRange(ends[0] - starts[0], 1.0 - 0.011, 1.0 + 0.011);
        Assert.InRange(ends[1] - starts[1], 1.0 - 0.011, 1.0 + 0.011);
    }

    [Fact]
    public void EventStateChainsEvents()
    {
        Trace t = RunEvents(
            Event("first", "      simulation_time: 1\n", "speed: {entity: a, target: 14, shape: linear, time: 2}") +
            Event("second", "      event_state: {event: first, state: end}\n", "speed: {entity: b, target: 14, shape: linear, time: 1}"),
            duration: 8);
        double end = Assert.Single(t.EventsOf("event_end", "first")).Time;
        Assert.Equal(new[] { end }, Starts(t, "second"));
        Assert.True(end >= 3.0 - 1e-9, "the first event runs its 2 s action");
    }

    [Fact]
    public void StopTriggerEndsTheRun()
    {
        Trace t = RunEvents(Event("go", "      simulation_time: 1\n"), duration: 10, extra: "stop:\n  simulation_time: 3\n");
        Assert.Equal(EndReason.StopTrigger, t.Result.EndReason);
        Assert.Equal(3.0, t.Result.SimTime);
        Assert.Equal(300, t.Result.Steps);
        SimEvent stop = Assert.Single(t.EventsOf("stop"));
        Assert.Equal(3.0, stop.Time);
    }
}
