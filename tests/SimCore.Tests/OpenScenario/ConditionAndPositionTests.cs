using SimCore.Diagnostics;
using SimCore.OpenScenario;
using SimCore.Scenarios;
using SimCore.Simulation;
using static SimCore.Tests.OpenScenario.Xosc;

namespace SimCore.Tests.OpenScenario;

/// <summary>
/// Ego in lane -1 at s = 50 driving 10 m/s along +x; Lead standing in lane -1 at s = 100. Boxes:
/// 5 m long, centre 1.4 m ahead of the rear axle (front extent 3.9 m, rear 1.1 m). Expected start
/// times are worked out by hand from s(t) = 50 + 10 t: triggers are evaluated at the start of
/// each step on the state at that time, and the event is logged with that time (the act itself
/// starts at 0.01, its trigger being "time &gt; 0").
/// </summary>
public class ConditionAndPositionTests
{
    private static string ByEntity(string entity, string condition, string rule = "any")
        => $"<Condition name=\"c\" delay=\"0\" conditionEdge=\"none\"><ByEntityCondition><TriggeringEntities triggeringEntitiesRule=\"{rule}\">{entity}</TriggeringEntities><EntityCondition>{condition}</EntityCondition></ByEntityCondition></Condition>";

    private static double? StartOf(string condition, string triggering = "<EntityRef entityRef=\"Ego\"/>", string rule = "any")
    {
        string xml = Doc(Xosc.Entities("Ego", "Lead"), Place("Ego", Lane(-1, 50), 10) + Place("Lead", Lane(-1, 100), 0),
            Story("Lead", Event("E", SpeedTo(0), Trigger(ByEntity(triggering, condition, rule)))));
        return Started(Run(Load(xml)), "E");
    }

    [Theory]
    [InlineData("""<SpeedCondition value="9" rule="greaterThan"/>""", 0.01)]
    [InlineData("""<SpeedCondition value="10" rule="notEqualTo"/>""", null)]
    [InlineData("""<AccelerationCondition value="0" rule="lessOrEqual"/>""", 0.01)]
    [InlineData("""<TraveledDistanceCondition value="20"/>""", 2.00)]
    [InlineData("""<ReachPositionCondition tolerance="1.05"><Position><LanePosition roadId="r" laneId="-1" s="80"/></Position></ReachPositionCondition>""", 2.90)]
    [InlineData("""<DistanceCondition value="10.05" freespace="false" rule="lessThan" relativeDistanceType="euclidianDistance" coordinateSystem="entity"><Position><LanePosition roadId="r" laneId="-1" s="100"/></Position></DistanceCondition>""", 4.00)]
    [InlineData("""<RelativeDistanceCondition entityRef="Lead" value="20.05" freespace="false" rule="lessThan" relativeDistanceType="longitudinal" coordinateSystem="entity"/>""", 3.00)]
    [InlineData("""<RelativeDistanceCondition entityRef="Lead" value="20.05" freespace="true" rule="lessThan" relativeDistanceType="longitudinal" coordinateSystem="road"/>""", 2.50)]
    [InlineData("""<TimeHeadwayCondition entityRef="Lead" value="2.005" freespace="false" rule="lessThan" coordinateSystem="road" relativeDistanceType="longitudinal"/>""", 3.00)]
    [InlineData("""<TimeToCollisionCondition value="1.005" freespace="false" rule="lessThan" relativeDistanceType="euclidianDistance"><TimeToCollisionConditionTarget><EntityRef entityRef="Lead"/></TimeToCollisionConditionTarget></TimeToCollisionCondition>""", 4.00)]
    [InlineData("""<TimeToCollisionCondition value="1.005" freespace="false" rule="lessThan" relativeDistanceType="longitudinal"><TimeToCollisionConditionTarget><Position><LanePosition roadId="r" laneId="-1" s="100"/></Position></TimeToCollisionConditionTarget></TimeToCollisionCondition>""", 4.00)]
    [InlineData("""<RelativeSpeedCondition entityRef="Lead" value="9" rule="greaterOrEqual"/>""", 0.01)]
    public void EgoConditionsFireAtHandComputedTimes(string condition, double? expected)
    {
        double? t = StartOf(condition);
        if (expected is null)
        {
            Assert.Null(t);
        }
        else
        {
            Assert.Equal(expected.Value, t!.Value, 6);
        }
    }

    [Fact]
    public void StandStillHoldsForItsDuration()
        => Assert.Equal(1.01, StartOf("""<StandStillCondition duration="1"/>""", "<EntityRef entityRef=\"Lead\"/>")!.Value, 6);

    [Fact]
    public void CollisionFiresOnceTheBoxesTouch()
    {
        // Gap 45 - 10 t closes at 4.5 s; detected after that step, seen by the next storyboard step.
        double t = StartOf("""<CollisionCondition><EntityRef entityRef="Lead"/></CollisionCondition>""")!.Value;
        Assert.InRange(t, 4.5, 4.52);
    }

    [Fact]
    public void TriggeringEntitiesAnyAndAll()
    {
        // Ego drives 10 m/s, Lead stands: "speed > 5" holds for any, not for all.
        string both = "<EntityRef entityRef=\"Ego\"/><EntityRef entityRef=\"Lead\"/>";
        Assert.Equal(0.01, StartOf("""<SpeedCondition value="5" rule="greaterThan"/>""", both, "any")!.Value, 6);
        Assert.Null(StartOf("""<SpeedCondition value="5" rule="greaterThan"/>""", both, "all"));
        Assert.Equal(0.01, StartOf("""<SpeedCondition value="-1" rule="greaterThan"/>""", both, "all")!.Value, 6);
    }

    [Fact]
    public void PrioritiesOverrideSkipAndParallel()
    {
        string events = Event("Long", SpeedTo(20, "linear", "time", 5), Trigger(SimTime(0)))
            + Event("Par", SpeedTo(10, "linear", "time", 5), Trigger(SimTime(0.5)), "parallel")
            + Event("Skip", SpeedTo(5), Trigger(SimTime(1)), "skip")
            + Event("Over", SpeedTo(3), Trigger(SimTime(2)), "overwrite");
        string xml = Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 50), 10), Story("Ego", events));
        RunResult r = Run(Load(xml));
        Assert.Equal(0.51, Started(r, "Par")!.Value, 6);
        // Parallel does not stop Long, but its speed action takes the entity's speed control over
        // (the newer action wins), so Long ends (not stops) once that shows, a step later.
        Assert.DoesNotContain(r.Events, e => e.Type == "event_stop" && e.Name == "Long");
        Assert.Contains(r.Events, e => e.Type == "event_end" && e.Name == "Long" && Math.Abs(e.Time - 0.52) < 1e-9);
        // Skip: never starts while another event of the maneuver runs (Par runs until Over stops it).
        Assert.True(Started(r, "Skip") is null or >= 2.01);
        Assert.Equal(2.01, Started(r, "Over")!.Value, 6);
        Assert.Contains(r.Events, e => e.Type == "event_stop" && e.Name == "Par" && Math.Abs(e.Time - 2.01) < 1e-9);
    }

    [Fact]
    public void StoryboardElementStateFollowsAnotherEvent()
    {
        string events = Event("First", SpeedTo(12), Trigger(SimTime(1)))
            + Event("Second", SpeedTo(14), Trigger("""<Condition name="s" delay="0.5" conditionEdge="rising"><ByValueCondition><StoryboardElementStateCondition storyboardElementType="event" storyboardElementRef="First" state="endTransition"/></ByValueCondition></Condition>"""), "parallel");
        RunResult r = Run(Load(Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 50), 10), Story("Ego", events))));
        Assert.Equal(1.01, Started(r, "First")!.Value, 6);
        // A speed action ends once its control has run (the step after it starts, 1.02), plus the 0.5 s delay.
        Assert.Equal(1.52, Started(r, "Second")!.Value, 6);
    }

    private static EntitySnapshot[] Placed(string position)
    {
        string xml = Doc(Xosc.Entities("Ego", "X"), Place("Ego", Lane(-1, 50), 10) + Place("X", position, 0));
        var sim = new Simulator(Load(xml));
        var snap = new EntitySnapshot[2];
        sim.GetSnapshot(snap);
        return snap;
    }

    [Theory]
    [InlineData("""<WorldPosition x="10" y="-5.25" h="0"/>""", 10, -5.25, 0, -2)]
    [InlineData("""<LanePosition roadId="r" laneId="-1" s="70" offset="0.5"/>""", 70, -1.25, 0, -1)]
    [InlineData("""<LanePosition roadId="r" laneId="1" s="70" offset="0"/>""", 70, 1.75, Math.PI, 1)]
    [InlineData("""<LanePosition roadId="r" laneId="-2" s="70"><Orientation type="relative" h="0.1"/></LanePosition>""", 70, -5.25, 0.1, -2)]
    [InlineData("""<RoadPosition roadId="r" s="60" t="-6"><Orientation type="absolute" h="1"/></RoadPosition>""", 60, -6, 1, -2)]
    [InlineData("""<RelativeLanePosition entityRef="Ego" dLane="-1" ds="10" offset="0"/>""", 60, -5.25, 0, -2)]
    // ds counts along the road and its orientation is the road's (esmini's reading); dsLane counts
    // along the entity's lane and direction and faces the target lane's direction of travel.
    [InlineData("""<RelativeLanePosition entityRef="Ego" dLane="1" ds="-10" offset="0"/>""", 40, 1.75, 0, 1)]
    [InlineData("""<RelativeLanePosition entityRef="Ego" dLane="1" dsLane="-10" offset="0.5"/>""", 40, 2.25, Math.PI, 1)]
    [InlineData("""<RelativeRoadPosition entityRef="Ego" ds="-20" dt="-3.5"/>""", 30, -5.25, 0, -2)]
    [InlineData("""<RelativeObjectPosition entityRef="Ego" dx="5" dy="1"/>""", 55, -0.75, 0, -1)]
    [InlineData("""<RelativeWorldPosition entityRef="Ego" dx="-5" dy="2"/>""", 45, 0.25, 0, 1)]
    public void PositionsResolveToHandComputedPoses(string position, double x, double y, double heading, int lane)
    {
        EntitySnapshot p = Placed(position)[1];
        Assert.Equal(x, p.X, 9);
        Assert.Equal(y, p.Y, 9);
        Assert.Equal(0, Mathematics.Angles.WrapPi(p.Heading - heading), 9);
        Assert.Equal(lane, p.LaneId);
    }

    [Fact]
    public void UnknownElementWarnsAndIsAnErrorWhenStrict()
    {
        string xml = Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 50), 10), "<Foo/>");
        Load(xml, out List<InputError> warnings);
        InputError w = Assert.Single(warnings, x => x.Message.Contains("<Foo>", StringComparison.Ordinal));
        Assert.Equal(LineOf(xml, "<Foo/>"), w.Location.Line);
        InputError e = Assert.Single(Errors(xml, new OpenScenarioOptions { Strict = true }));
        Assert.Contains("<Foo> is not supported (--strict)", e.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(xml, "<Foo/>"), e.Location.Line);
    }

    [Fact]
    public void MissingEntityRefTargetIsAnErrorWithSuggestion()
    {
        string xml = Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 50), 10), Story("Eog", Event("E", SpeedTo(1), Trigger(SimTime(1)))));
        InputError e = Assert.Single(Errors(xml));
        Assert.Contains("unknown entity 'Eog' (did you mean 'Ego'?)", e.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(xml, "entityRef=\"Eog\""), e.Location.Line);
    }

    [Fact]
    public void EgoDriverModes()
    {
        string xml = Doc(Xosc.Entities("Ego", "Lead"), Place("Ego", Lane(-1, 50), 10) + Place("Lead", Lane(-1, 100), 0));
        EntityDefinition scenarioEgo = Load(xml).Entities[0];
        Assert.True(scenarioEgo.StoryboardEgo);
        Assert.Equal(DriverKind.None, scenarioEgo.Driver);
        EntityDefinition driven = Load(xml, out _, new OpenScenarioOptions { EgoDriver = EgoDriverMode.Reference }).Entities[0];
        Assert.Equal(DriverKind.Reference, driven.Driver);
        Assert.Equal(10, driven.DriverSettings!.CruiseSpeed);
        EntityDefinition named = Load(xml, out _, new OpenScenarioOptions { EgoName = "Lead", EgoDriver = EgoDriverMode.Scenario }).Entities[1];
        Assert.True(named.IsEgo);
        Assert.Contains("did you mean 'Lead'", Assert.Single(Errors(xml, new OpenScenarioOptions { EgoName = "Laed" })).Message, StringComparison.Ordinal);
    }
}
