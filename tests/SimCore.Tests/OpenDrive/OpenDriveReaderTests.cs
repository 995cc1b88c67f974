using SimCore.Diagnostics;
using SimCore.Mathematics;
using SimCore.OpenDrive;
using SimCore.Roads;

namespace SimCore.Tests.OpenDrive;

/// <summary>Hand-computable checks of the OpenDRIVE reader on tiny inline files.</summary>
public class OpenDriveReaderTests
{
    private static RoadNetwork Parse(string xml, List<InputError>? warnings = null) =>
        OpenDriveReader.Parse(xml, "test.xodr", warnings ?? []);

    private static InputException ParseFails(string xml) =>
        Assert.Throws<InputException>(() => OpenDriveReader.Parse(xml, "test.xodr", []));

    [Fact]
    public void QuarterArcEndsWhereGeometrySays()
    {
        // Radius 100 turning left from the origin heading east: a quarter circle ends at (100, 100) heading north.
        double len = Math.PI / 2 * 100;
        Road r = Parse(Xodr.Doc(Xodr.Road("1", len, """<arc curvature="0.01"/>"""))).Roads[0];
        Pose2 end = r.ToWorld(len, 0);
        Assert.Equal(100, end.Position.X, 9);
        Assert.Equal(100, end.Position.Y, 9);
        Assert.Equal(Math.PI / 2, end.Heading, 9);
        // Lane -1 centre at t = -1.75 lies on radius 101.75 about (0, 100): at the end, x = 101.75.
        Assert.Equal(101.75, r.ToWorld(len, r.LaneCenterT(-1, len)).Position.X, 9);
    }

    [Fact]
    public void WidthRecordsApplyFromTheirSOffsetWithinTheSection()
    {
        string lanes = Xodr.Section("0", right:
                Xodr.Lane(-1, """<width sOffset="10" a="3" b="0.1" c="0" d="0"/><width sOffset="0" a="3" b="0" c="0" d="0"/>""")
                + Xodr.Lane(-2, """<width sOffset="0" a="2" b="0" c="0" d="0"/>"""))
            + Xodr.Section("50", right: Xodr.Lane(-1, """<width sOffset="0" a="4" b="0" c="0" d="0"/><width sOffset="5" a="4" b="0" c="0.01" d="0"/>"""));
        var warnings = new List<InputError>();
        Road r = Parse(Xodr.Doc(Xodr.Road("1", 100, lanes: lanes)), warnings).Roads[0];
        Assert.Contains(warnings, w => w.Message.Contains("ascending")); // records given out of order are sorted, with a warning
        Assert.Equal(3.0, r.LaneWidth(-1, 5), 12);
        Assert.Equal(3.5, r.LaneWidth(-1, 15), 12);           // 3 + 0.1 * (15 - 10)
        Assert.Equal(-(3.5 + 1.0), r.LaneCenterT(-2, 15), 12);
        Assert.Equal(4.0 + 0.01 * 25, r.LaneWidth(-1, 60), 12); // section at 50, record at 5: ds = 5
    }

    [Theory]
    [InlineData("3", "5")]
    [InlineData("-3", "-5")] // right-lane borders written as t (negative) read the same
    public void BorderRecordsBecomeEquivalentWidths(string b1, string b2)
    {
        string lanes = Xodr.Section("0", right:
            Xodr.Lane(-1, $"""<border sOffset="0" a="{b1}" b="0" c="0" d="0"/>""")
            + Xodr.Lane(-2, $"""<border sOffset="0" a="{b2}" b="{(b2.StartsWith('-') ? "-0.1" : "0.1")}" c="0" d="0"/>"""));
        Road r = Parse(Xodr.Doc(Xodr.Road("1", 100, lanes: lanes))).Roads[0];
        // At s = 10 the outer border of lane -2 is 5 + 1 = 6 m out; lane -1 ends at 3 m.
        Assert.Equal(3.0, r.LaneWidth(-1, 10), 12);
        Assert.Equal(3.0, r.LaneWidth(-2, 10), 12);
        Assert.Equal(-4.5, r.LaneCenterT(-2, 10), 12);
        Assert.Equal(-4.0, r.LaneCenterT(-2, 0), 12);  // lane -2 is 5 - 3 = 2 m wide at s = 0
    }

    [Fact]
    public void ElevationIsTheCubicOfTheRecordAtS()
    {
        string elev = """
            <elevationProfile>
            <elevation s="0" a="1" b="0.02" c="0" d="0"/>
            <elevation s="100" a="3" b="0" c="0.001" d="0.00001"/>
            </elevationProfile>
            """;
        Road r = Parse(Xodr.Doc(Xodr.Road("1", 200, extra: elev))).Roads[0];
        Assert.Equal(2.0, r.ElevationAt(50), 12);
        Assert.Equal(3 + 0.001 * 100 + 0.00001 * 1000, r.ElevationAt(110), 12);
    }

    [Fact]
    public void SpeedRecordsAreConvertedToMetresPerSecond()
    {
        string lanes = Xodr.Section("0", right:
            Xodr.Lane(-1, """<width sOffset="0" a="3.5" b="0" c="0" d="0"/><speed sOffset="0" max="100" unit="km/h"/><speed sOffset="20" max="60" unit="mph"/>""")
            + Xodr.Lane(-2, """<width sOffset="0" a="3.5" b="0" c="0" d="0"/>"""));
        string type = """<type s="0" type="motorway"><speed max="30" unit="m/s"/></type><type s="50" type="town"><speed max="no limit"/></type>""";
        Road r = Parse(Xodr.Doc(Xodr.Road("1", 100, lanes: lanes, extra: type))).Roads[0];
        Assert.Equal(100 / 3.6, r.SpeedLimitAt(10, -1)!.Value, 12);
        Assert.Equal(60 * 0.44704, r.SpeedLimitAt(30, -1)!.Value, 12);
        Assert.Equal(30, r.SpeedLimitAt(10, -2)!.Value, 12);   // no lane record: the road type's
        Assert.Null(r.SpeedLimitAt(60, -2));                   // "no limit"
        Assert.Equal("town", r.TypeAt(60)!.Type);
    }

    [Fact]
    public void HeaderKeepsGeoReferenceAndOffset()
    {
        string xml = """
            <OpenDRIVE>
            <header revMajor="1" revMinor="8" name="n" version="2" north="5" south="-5" east="7" west="-7">
            <geoReference><![CDATA[+proj=utm +zone=32 +datum=WGS84]]></geoReference>
            <offset x="1" y="2" z="3" hdg="0.5"/>
            </header>
            """ + Xodr.Road("1", 10) + "</OpenDRIVE>";
        RoadNetworkHeader h = Parse(xml).Header!;
        Assert.Equal("+proj=utm +zone=32 +datum=WGS84", h.GeoReference);
        Assert.Equal(new GeoOffset(1, 2, 3, 0.5), h.Offset);
        Assert.Equal((1, 8, 5.0, -7.0), (h.RevMajor, h.RevMinor, h.North, h.West));
    }

    [Fact]
    public void LinksAndJunctionsResolveToTheNextLane()
    {
        string lanes(int pred, int succ) => Xodr.Section("0", right: Xodr.Lane(-1, $"""<link><predecessor id="{pred}"/><successor id="{succ}"/></link><width sOffset="0" a="3.5" b="0" c="0" d="0"/>"""));
        string xml = Xodr.Doc(
            Xodr.Road("a", 10, link: """<successor elementType="junction" elementId="J"/>"""),
            Xodr.Road("c1", 10, lanes: lanes(-1, -1), link: """<predecessor elementType="road" elementId="a" contactPoint="end"/><successor elementType="road" elementId="b" contactPoint="end"/>""").Replace("junction=\"-1\"", "junction=\"J\""),
            Xodr.Road("c2", 10, lanes: lanes(-1, -1), link: """<predecessor elementType="road" elementId="a" contactPoint="end"/>""").Replace("junction=\"-1\"", "junction=\"J\""),
            Xodr.Road("b", 10),
            """
            <junction id="J" name="j">
            <connection id="0" incomingRoad="a" connectingRoad="c1" contactPoint="start"><laneLink from="-1" to="-1"/></connection>
            <connection id="1" incomingRoad="a" connectingRoad="c2" contactPoint="start"><laneLink from="-1" to="-1"/></connection>
            </junction>
            """);
        RoadNetwork net = Parse(xml);
        Road a = net.Find("a")!, c1 = net.Find("c1")!;
        Assert.Equal(LinkElementType.Junction, a.Successor!.ElementType);
        Assert.Equal("J", net.FindJunction("J")!.Id);
        Assert.Equal("J", c1.JunctionId);

        Assert.True(net.TryGetNextLane(a, -1, atEnd: true, out Road next, out int lane, out bool atStart));
        Assert.Equal(("c1", -1, true), (next.Id, lane, atStart));
        Assert.True(net.TryGetNextLane(a, -1, atEnd: true, out next, out _, out _, preferredConnectingRoad: "c2"));
        Assert.Equal("c2", next.Id);
        Assert.True(net.TryGetNextLane(c1, -1, atEnd: true, out next, out lane, out atStart));
        Assert.Equal(("b", -1, false), (next.Id, lane, atStart)); // contactPoint end: enters b at its end
        Assert.True(net.TryGetNextLane(c1, -1, atEnd: false, out next, out lane, out atStart));
        Assert.Equal(("a", -1, false), (next.Id, lane, atStart));
        Assert.False(net.TryGetNextLane(a, -1, atEnd: false, out _, out _, out _)); // no predecessor
        Assert.False(net.TryGetNextLane(a, -7, atEnd: true, out _, out _, out _));  // no lane link from -7
    }

    [Fact]
    public void UnsupportedElementsWarnOncePerKindPerRoadWithTheirLine()
    {
        string extra = """
            <objects><object id="1"/><object id="2"/></objects>
            <surface><CRG file="s.crg"/></surface>
            <lateralProfile><superelevation s="0" a="0" b="0" c="0" d="0"/><superelevation s="5" a="0" b="0" c="0" d="0"/></lateralProfile>
            <objects/>
            """;
        string xml = Xodr.Doc(Xodr.Road("1", 10, extra: extra), Xodr.Road("2", 10, extra: "<surface><CRG file=\"t.crg\"/></surface>"), "<station id=\"c\"/>");
        var warnings = new List<InputError>();
        Parse(xml, warnings);
        Assert.Equal(5, warnings.Count); // untyped objects, surface, superelevation on road 1; surface on road 2; station
        InputError obj = Assert.Single(warnings, w => w.Message.Contains("objects of type 'none'"));
        Assert.Equal(Xodr.LineOf(xml, "<object id=\"1\""), obj.Location.Line);
        Assert.Equal(Xodr.LineOf(xml, "<superelevation"), Assert.Single(warnings, w => w.Message.Contains("<superelevation>")).Location.Line);
        Assert.Equal(2, warnings.Count(w => w.Message.Contains("<surface>")));
        Assert.All(warnings, w => Assert.Equal("test.xodr", w.Location.File));
    }

    [Fact]
    public void MalformedXmlNamesTheLine()
    {
        InputException ex = ParseFails("<OpenDRIVE>\n<header/>\n<road id=\"1\"\n</OpenDRIVE>");
        InputError e = Assert.Single(ex.Errors);
        Assert.Equal(4, e.Location.Line);
        Assert.Equal("test.xodr", e.Location.File);
    }

    [Theory]
    [InlineData("""<arc curvature="-2147483648"/>""", "curvature must be finite and at most 1000")]
    [InlineData("""<spiral curvStart="0" curvEnd="1e308"/>""", "curvature must be finite and at most 1000")]
    public void A_curvature_beyond_the_bound_is_an_error_at_its_shape(string shape, string message)
    {
        // Found by the OpenDRIVE fuzz test: the segment's own check threw past the reader.
        string xml = Xodr.Doc(Xodr.Road("1", 10, shape));
        InputError e = Assert.Single(ParseFails(xml).Errors);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Contains("road '1'", e.Message, StringComparison.Ordinal);
        Assert.Equal(Xodr.LineOf(xml, shape[..4]), e.Location.Line);
    }

    [Fact]
    public void EveryErrorIsReportedWithItsLine()
    {
        string badLength = Xodr.Road("1", 10).Replace(" length=\"10\" junction", " junction");
        string badS = Xodr.Road("2", 10).Replace("<geometry s=\"0\"", "<geometry s=\"zero\"");
        string unknownSucc = Xodr.Road("3", 10, link: """<successor elementType="road" elementId="99" contactPoint="start"/>""");
        string xml = Xodr.Doc(badLength, badS, unknownSucc);
        InputException ex = ParseFails(xml);
        Assert.Equal(3, ex.Errors.Count);
        InputError missing = Assert.Single(ex.Errors, e => e.Message.Contains("'length'"));
        Assert.Equal(Xodr.LineOf(xml, "<road id=\"1\""), missing.Location.Line);
        InputError nonNumeric = Assert.Single(ex.Errors, e => e.Message.Contains("'zero'"));
        Assert.Equal(Xodr.LineOf(xml, "s=\"zero\""), nonNumeric.Location.Line);
        InputError unknown = Assert.Single(ex.Errors, e => e.Message.Contains("unknown road '99'"));
        Assert.Equal(Xodr.LineOf(xml, "elementId=\"99\""), unknown.Location.Line);
        Assert.Contains("test.xodr:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StreetLampObjectsAndRepeatsBecomeLampsAtTheirRoadCoordinates()
    {
        string objects = """
            <objects>
            <object id="1" type="streetLamp" s="5" t="-6" zOffset="0.5" height="7.5"/>
            <object id="2" type="streetLamp" s="0" t="4">
            <repeat s="10" length="45" distance="20" tStart="4" tEnd="5.5" heightStart="6" heightEnd="9" zOffsetStart="0" zOffsetEnd="0"/>
            </object>
            <object id="3" type="pole" s="1" t="2"/>
            </objects>
            """;
        var warnings = new List<InputError>();
        string xml = Xodr.Doc(Xodr.Road("1", 100, extra: objects));
        Road r = Parse(xml, warnings).Roads[0];
        // Repeat: s = 10, 30, 50 (floor(45 / 20) + 1 = 3); t and height linear in (s - 10) / 45.
        StreetLamp[] expected =
        [
            new(5, -6, 8),
            new(10, 4, 6),
            new(30, 4 + 1.5 * 20 / 45, 6 + 3 * 20.0 / 45),
            new(50, 4 + 1.5 * 40 / 45, 6 + 3 * 40.0 / 45),
        ];
        Assert.Equal(expected.Length, r.StreetLamps.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].S, r.StreetLamps[i].S, 12);
            Assert.Equal(expected[i].T, r.StreetLamps[i].T, 12);
            Assert.Equal(expected[i].Height, r.StreetLamps[i].Height, 12);
        }
        InputError pole = Assert.Single(warnings);
        Assert.Contains("type 'pole'", pole.Message);
        Assert.Equal(Xodr.LineOf(xml, "type=\"pole\""), pole.Location.Line);
    }

    [Fact]
    public void StreetLampBelowTheRoadIsAnErrorAtItsLine()
    {
        string xml = Xodr.Doc(Xodr.Road("1", 100, extra: """<objects><object id="1" type="streetLamp" s="5" t="-6" zOffset="-9" height="8"/></objects>"""));
        InputException e = ParseFails(xml);
        InputError err = Assert.Single(e.Errors);
        Assert.Contains("street lamp at s=5", err.Message);
        Assert.Equal(Xodr.LineOf(xml, "type=\"streetLamp\""), err.Location.Line);
    }
}
