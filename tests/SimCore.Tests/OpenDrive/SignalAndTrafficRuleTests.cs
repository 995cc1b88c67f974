using SimCore.Diagnostics;
using SimCore.OpenDrive;
using SimCore.Roads;

namespace SimCore.Tests.OpenDrive;

/// <summary>OpenDRIVE signals, signal references, controllers and the road traffic rule (1.5+).</summary>
public sealed class SignalAndTrafficRuleTests
{
    private static RoadNetwork Parse(string xml, List<InputError>? warnings = null) => OpenDriveReader.Parse(xml, "test.xodr", warnings ?? []);

    private const string Signals = """
        <signals>
          <signal s="109.0" t="-4.0" id="1" name="_Sg12" dynamic="yes" orientation="+" zOffset="3.4" type="1000001" country="OpenDRIVE" subtype="-1" hOffset="0.0" height="0.8" width="0.4"/>
          <signal s="114.0" t="4.0" id="2" dynamic="yes" orientation="-" zOffset="2.5" type="1000002" country="OpenDRIVE" subtype="-1" height="0.55" width="0.4">
            <validity fromLane="-1" toLane="1"/>
          </signal>
          <signal s="20" t="-3" id="3" dynamic="no" type="274" subtype="53" country="DE" value="50"/>
        </signals>
        """;

    [Fact]
    public void Signals_references_and_controllers_are_read()
    {
        string xml = Xodr.Doc(Xodr.Road("1", 200, extra: Signals),
            Xodr.Road("2", 50, extra: """<signals><signalReference s="5" t="-2" id="1" orientation="+"/></signals>"""),
            """<controller id="7" name="ctrl" sequence="2"><control signalId="1" type="0"/><control signalId="2" type="0"/></controller>""");
        var warnings = new List<InputError>();
        RoadNetwork n = Parse(xml, warnings);
        RoadSignal light = n.FindSignal("1")!;
        Assert.Equal(("1", 109.0, -4.0, true, "+", "1000001", 3), (light.RoadId, light.S, light.T, light.Dynamic, light.Orientation, light.Type, light.LampCount));
        Assert.Equal((3.4, 0.8, 0.4, "_Sg12"), (light.ZOffset, light.Height, light.Width, light.Name));
        RoadSignal ped = n.FindSignal("2")!;
        Assert.Equal(2, ped.LampCount);
        Assert.Equal([(-1, 1)], ped.Validity);
        RoadSignal sign = n.FindSignal("3")!;
        Assert.False(sign.Dynamic);
        Assert.Equal(("274", "53", "DE", 50.0, 0), (sign.Type, sign.Subtype, sign.Country, sign.Value!.Value, sign.LampCount));
        Assert.Equal([new RoadSignalReference("1", 5, -2, "+")], n.Find("2")!.SignalReferences);
        RoadSignalController c = Assert.Single(n.SignalControllers);
        Assert.Equal(("7", "ctrl", 2), (c.Id, c.Name, c.Sequence!.Value));
        Assert.Equal(["1", "2"], c.SignalIds);
        Assert.DoesNotContain(warnings, w => w.Message.Contains("signal", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Unknown_signal_references_and_repeated_ids_are_warnings_with_their_line()
    {
        string xml = Xodr.Doc(Xodr.Road("1", 200, extra: """<signals><signal s="1" t="1" id="9"/><signal s="2" t="1" id="9"/><signalReference s="5" t="-2" id="44"/></signals>"""),
            """<controller id="7"><control signalId="45"/></controller>""");
        var warnings = new List<InputError>();
        Parse(xml, warnings);
        Assert.Equal(Xodr.LineOf(xml, "<signal s=\"2\""), Assert.Single(warnings, w => w.Message.Contains("used more than once")).Location.Line);
        Assert.Single(warnings, w => w.Message.Contains("unknown signal '44'"));
        Assert.Equal(Xodr.LineOf(xml, "<control signalId"), Assert.Single(warnings, w => w.Message.Contains("unknown signal '45'")).Location.Line);
    }

    [Fact]
    public void A_signal_without_its_position_is_an_error()
    {
        string xml = Xodr.Doc(Xodr.Road("1", 200, extra: """<signals><signal id="9" t="1"/></signals>"""));
        InputException e = Assert.Throws<InputException>(() => Parse(xml));
        Assert.Contains(e.Errors, x => x.Message.Contains("'s'") && x.Location.Line == Xodr.LineOf(xml, "<signal id"));
    }

    [Fact]
    public void Left_hand_traffic_runs_the_left_lanes_along_s()
    {
        string lanes = Xodr.Section("0", Xodr.Lane(1, """<width sOffset="0" a="3.5" b="0" c="0" d="0"/>"""), Xodr.Lane(-1, """<width sOffset="0" a="3.5" b="0" c="0" d="0"/>"""));
        RoadNetwork rht = Parse(Xodr.Doc(Xodr.Road("1", 100, lanes: lanes)));
        RoadNetwork lht = Parse(Xodr.Doc(Xodr.Road("1", 100, lanes: lanes).Replace("junction=\"-1\"", "junction=\"-1\" rule=\"LHT\"", StringComparison.Ordinal)));
        Assert.False(rht.Roads[0].LeftHandTraffic);
        Assert.Equal((-1, 1), (rht.Roads[0].LaneDirection(1), rht.Roads[0].LaneDirection(-1)));
        Assert.True(lht.Roads[0].LeftHandTraffic);
        Assert.Equal((1, -1), (lht.Roads[0].LaneDirection(1), lht.Roads[0].LaneDirection(-1)));
        // A car heading +x (east) on the left lane belongs there under LHT, on the right lane under RHT.
        Assert.True(lht.TryLocate(new Mathematics.Vec2(50, 0.2), out RoadCoordinate c, headingHint: 0));
        Assert.Equal(1, c.LaneId);
    }

    [Fact]
    public void A_traffic_rule_other_than_RHT_or_LHT_is_a_warning()
    {
        var warnings = new List<InputError>();
        RoadNetwork n = Parse(Xodr.Doc(Xodr.Road("1", 100).Replace("junction=\"-1\"", "junction=\"-1\" rule=\"left\"", StringComparison.Ordinal)), warnings);
        Assert.False(n.Roads[0].LeftHandTraffic);
        Assert.Single(warnings, w => w.Message.Contains("rule 'left'"));
    }
}
