using SimCore.Diagnostics;
using SimCore.Mathematics;
using SimCore.OpenScenario;
using SimCore.Scenarios;
using SimCore.Simulation;
using static SimCore.Tests.OpenScenario.Xosc;

namespace SimCore.Tests.OpenScenario;

/// <summary>
/// Readings where the standard leaves a choice and we follow esmini (docs/openscenario-support.md,
/// "Where we follow esmini"), each checked against values worked out by hand.
/// </summary>
public sealed class EsminiReadingTests
{
    private static readonly OpenScenarioOptions Strict = new() { EgoDriver = EgoDriverMode.Scenario, Strict = true };

    [Fact]
    public void An_xml_declaration_with_a_non_xml_version_is_read_as_xml_1_0_with_a_warning()
    {
        string xml = Doc(Xosc.Entities("Car"), Place("Car", Lane(-1, 10), 10)).Replace("<?xml version=\"1.0\"", "<?xml version=\"1.3\"", StringComparison.Ordinal);
        Load(xml, out List<InputError> warnings);
        InputError w = Assert.Single(warnings, x => x.Message.Contains("XML declaration"));
        Assert.Equal((1, 1), (w.Location.Line, w.Location.Column));
        Assert.Contains(Errors(xml, Strict), e => e.Message.Contains("XML declaration") && e.Message.Contains("--strict"));
    }

    private const string MiscCatalog = """
        <?xml version="1.0"?>
        <OpenSCENARIO><FileHeader revMajor="1" revMinor="1" date="2024-01-01T00:00:00" description="c" author="t"/>
          <Catalog name="MiscObject">
            <MiscObject name="cone" mass="1" miscObjectCategory="obstacle">
              <BoundingBox><Center x="0" y="0" z="0.5"/><Dimensions width="0.4" length="0.4" height="1"/></BoundingBox>
            </MiscObject>
          </Catalog>
        </OpenSCENARIO>
        """;

    [Fact]
    public void A_catalog_named_by_its_kind_is_the_one_read_from_that_kinds_directory()
    {
        string xml = Doc("""<Entities><ScenarioObject name="Cone"><CatalogReference catalogName="MiscObjectCatalog" entryName="cone"/></ScenarioObject></Entities>""",
            Place("Cone", Lane(-1, 10), 0), catalogs: "<MiscObjectCatalog><Directory path=\"Catalogs/Misc\"/></MiscObjectCatalog>");
        Scenario s = Load(xml, out List<InputError> warnings, extra: ("Catalogs/Misc/misc.xosc", MiscCatalog));
        Assert.Equal(0.4, Assert.Single(s.Entities).Length, 9);
        Assert.Single(warnings, w => w.Message.Contains("no catalog is named 'MiscObjectCatalog'") && w.Message.Contains("'MiscObject'"));
        Assert.Contains(Errors(xml, Strict, extra: ("Catalogs/Misc/misc.xosc", MiscCatalog)), e => e.Message.Contains("MiscObjectCatalog"));
    }

    private static string Headway(string rule, double value)
        => $"""<Condition name="hw" delay="0" conditionEdge="none"><ByEntityCondition><TriggeringEntities triggeringEntitiesRule="any"><EntityRef entityRef="Ego"/></TriggeringEntities><EntityCondition><TimeHeadwayCondition entityRef="Lead" value="{value}" freespace="false" rule="{rule}" coordinateSystem="road" relativeDistanceType="longitudinal"/></EntityCondition></ByEntityCondition></Condition>""";

    [Fact]
    public void Time_headway_is_undefined_and_false_while_standing_or_with_the_target_behind()
    {
        // Ego stands 40 m behind the lead until 1 s, then drives at 10 m/s: headway (40 - 10 t') / 10.
        string events = Event("Go", SpeedTo(10), Trigger(SimTime(1))) + Event("Close", SpeedTo(10), Trigger(Headway("lessThan", 4)), "parallel")
            + Event("Behind", SpeedTo(10), Trigger(Headway("lessThan", 100).Replace("entityRef=\"Lead\"", "entityRef=\"Rear\"", StringComparison.Ordinal)), "parallel");
        string init = Place("Ego", Lane(-1, 60), 0) + Place("Lead", Lane(-1, 100), 0) + Place("Rear", Lane(-1, 20), 0);
        RunResult r = Run(Load(Doc(Xosc.Entities("Ego", "Lead", "Rear"), init, Story("Ego", events), stopAt: 3)));
        // Standing still the headway is undefined: "< 4" does not fire at 0 although 40/0 would be +inf or -inf.
        // Moving from the step at 1.01: at the pass at 1.02 the gap is 39.9 m at 10 m/s, 3.99 s < 4.
        Assert.Equal(1.02, Started(r, "Close")!.Value, 9);
        // The rear car is behind the ego: never a headway, whatever the rule.
        Assert.Null(Started(r, "Behind"));
    }

    [Fact]
    public void An_edge_is_never_seen_on_a_conditions_first_evaluation()
    {
        string rising(string name, double t) => $"<Condition name=\"{name}\" delay=\"0\" conditionEdge=\"rising\"><ByValueCondition><SimulationTimeCondition value=\"{t}\" rule=\"greaterThan\"/></ByValueCondition></Condition>";
        string events = Event("AlreadyTrue", SpeedTo(10), Trigger(rising("a", -1)), "parallel") + Event("RisesLater", SpeedTo(10), Trigger(rising("b", 1)), "parallel");
        RunResult r = Run(Load(Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 10), 10), Story("Ego", events), stopAt: 2)));
        // "time > -1" is true from its first evaluation (at 0.01, when the act has started): no rise to see.
        Assert.Null(Started(r, "AlreadyTrue"));
        Assert.Equal(1.01, Started(r, "RisesLater")!.Value, 9);
    }

    [Fact]
    public void A_negative_target_speed_reverses_the_entity_facing_forward()
    {
        string reverse = SpeedTo(-3);
        var rec = new Recorded(Load(Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 50), 0), Story("Ego", Event("Back", reverse, Trigger(SimTime(1)))), stopAt: 2)));
        // From the step at 1.01, 3 m/s backwards along s: 0.03 m per step.
        Assert.Equal(50 - 0.03 * 50, rec.At("Ego", 1.51).RoadS, 9);
        Assert.Equal(-3, rec.At("Ego", 1.51).Speed, 9);
        Assert.Equal(0, Angles.WrapPi(rec.At("Ego", 1.51).Heading), 9);
    }

    [Fact]
    public void An_oriented_start_is_kept_along_the_lane_until_a_lateral_move()
    {
        string start = "<Private entityRef=\"Ego\"><PrivateAction><TeleportAction><Position><LanePosition roadId=\"r\" laneId=\"-1\" s=\"50\" offset=\"0\">"
            + "<Orientation type=\"relative\" h=\"0.3\"/></LanePosition></Position></TeleportAction></PrivateAction>" + SpeedTo(10) + "</Private>";
        string change = """<PrivateAction><LateralAction><LaneChangeAction><LaneChangeActionDynamics dynamicsShape="cubic" value="2" dynamicsDimension="time"/><LaneChangeTarget><AbsoluteTargetLane value="-2"/></LaneChangeTarget></LaneChangeAction></LateralAction></PrivateAction>""";
        var rec = new Recorded(Load(Doc(Xosc.Entities("Ego"), start, Story("Ego", Event("Change", change, Trigger(SimTime(1)))), stopAt: 4)));
        // Moving along +s at 10 m/s, still turned 0.3 rad to the lane.
        Assert.Equal(0.3, rec.At("Ego", 0.5).Heading, 9);
        Assert.Equal(55, rec.At("Ego", 0.5).RoadS, 9);
        // After the lane change it faces along the lane.
        Assert.Equal(0, Angles.WrapPi(rec.At("Ego", 3.5).Heading), 9);
    }

    [Fact]
    public void A_speed_change_over_a_distance_runs_over_the_time_at_the_mean_speed()
    {
        // 13.889 m/s to rest over 44 m: 2 * 44 / 13.889 = 6.336 s, a constant 13.889 / 6.336 = 2.19208 m/s^2.
        string brake = SpeedTo(0, "linear", "distance", 44);
        var rec = new Recorded(Load(Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 10), 13.889), Story("Ego", Event("Brake", brake, Trigger(SimTime(1)))), stopAt: 9)));
        double rate = 13.889 * 13.889 / 88;
        Assert.Equal(13.889 - rate * 0.01, rec.At("Ego", 1.02).Speed, 9);
        Assert.Equal(13.889 - rate * 3.0, rec.At("Ego", 4.01).Speed, 9);
        Assert.Equal(0, rec.At("Ego", 8.0).Speed, 9);
    }
}
