using SimCore.Diagnostics;
using SimCore.Roads;
using SimCore.Scenarios;
using SimCore.Simulation;
using static SimCore.Tests.OpenScenario.Xosc;

namespace SimCore.Tests.OpenScenario;

/// <summary>
/// GeoPosition through the OpenDRIVE geoReference. Expected eastings and northings come from PROJ
/// 9.1.1 (`echo "LON LAT" | proj -f %.6f PROJSTRING`), an independent implementation; they agree
/// to well under a millimetre.
/// </summary>
public sealed class GeoPositionTests
{
    private const double Deg = Math.PI / 180;

    private static (double X, double Y) Project(string geo, double latDeg, double lonDeg, GeoOffset? offset = null)
    {
        GeoProjection p = GeoProjection.Parse(geo, offset, out string? error) ?? throw new InvalidOperationException(error);
        return p.ToRoad(latDeg * Deg, lonDeg * Deg);
    }

    [Theory]
    [InlineData("+proj=utm +zone=32 +ellps=WGS84 +datum=WGS84 +units=m +no_defs", 48.137154, 11.576124, 691650.366850, 5334754.246573)]
    [InlineData("+proj=utm +zone=56 +south +ellps=WGS84", -33.8688, 151.2093, 334368.633648, 6250948.345385)]
    [InlineData("+proj=tmerc +lat_0=49 +lon_0=8.4 +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs", 49.01, 8.42, 1463.142866, 1112.291106)]
    [InlineData("+proj=tmerc +lat_0=50 +lon_0=9 +k_0=0.9996 +x_0=500000 +y_0=-5000000 +ellps=bessel", 51.2, 7.5, 395214.106036, -4865510.783852)]
    [InlineData("EPSG:25832", 50.0, 8.0, 428333.552496, 5539109.815176)]
    public void TransverseMercatorMatchesProj(string geo, double lat, double lon, double east, double north)
    {
        (double x, double y) = Project(geo, lat, lon);
        Assert.Equal(east, x, 4);
        Assert.Equal(north, y, 4);
    }

    [Fact]
    public void TheHeaderOffsetIsTakenOffAndItsHeadingUndone()
    {
        // OpenDRIVE: world = R(hdg) * road + offset. With offset (691000, 5334000) and hdg = 90 degrees,
        // the world point (691650.366850, 5334754.246573) is road (754.246573, -650.366850).
        (double x, double y) = Project("+proj=utm +zone=32 +ellps=WGS84", 48.137154, 11.576124, new GeoOffset(691000, 5334000, 0, Math.PI / 2));
        Assert.Equal(754.246573, x, 5);
        Assert.Equal(-650.366850, y, 5);
    }

    [Fact]
    public void LongLatIsTheIdentityInDegrees()
    {
        (double x, double y) = Project("+proj=longlat +datum=WGS84 +no_defs", 48.5, 11.25);
        Assert.Equal(11.25, x, 12);
        Assert.Equal(48.5, y, 12);
    }

    [Theory]
    [InlineData("+proj=lcc +lat_1=49 +lat_2=44 +lat_0=46.5 +lon_0=3", "'+proj=lcc' is not supported")]
    [InlineData("+proj=utm +zone=32 +towgs84=598.1,73.7,418.2", "datum shift")]
    [InlineData("PROJCS[\"WGS 84 / UTM zone 32N\"]", "not WKT")]
    [InlineData("EPSG:4326", "not a UTM zone")]
    [InlineData("+proj=utm +ellps=WGS84", "+zone=1..60")]
    public void UnsupportedGeoreferencesSayWhy(string geo, string reason)
    {
        Assert.Null(GeoProjection.Parse(geo, null, out string? error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    /// <summary>Road r of <see cref="Xosc.Road"/> with a georeference whose origin is 1000 m west and 2 m south of a UTM point.</summary>
    private static RoadNetwork GeoRoad(string? geo)
    {
        RoadNetwork plain = Road();
        var header = new RoadNetworkHeader(1, 6, "geo", null, 0, 0, 0, 0, geo, new GeoOffset(690650.366850, 5334756.246573, 0, 0));
        return new RoadNetwork(plain.Roads, null, header);
    }

    [Fact]
    public void AGeoPositionPlacesAnEntityOnTheRoadWithTheLanesHeading()
    {
        string position = "<GeoPosition latitudeDeg=\"48.137154\" longitudeDeg=\"11.576124\" altitude=\"0\"/>";
        Scenario s = Load(Doc(Xosc.Entities("Ego"), Place("Ego", position, 10)), out _,
            new SimCore.OpenScenario.OpenScenarioOptions { EgoDriver = SimCore.OpenScenario.EgoDriverMode.Scenario, Network = GeoRoad("+proj=utm +zone=32 +ellps=WGS84") });
        var snap = new EntitySnapshot[1];
        new Simulator(s).GetSnapshot(snap);
        // UTM (691650.366850, 5334754.246573) minus the offset: road (1000, -2), in lane -1, heading along +x.
        Assert.Equal(1000, snap[0].X, 5);
        Assert.Equal(-2, snap[0].Y, 5);
        Assert.Equal(-1, snap[0].LaneId);
        Assert.Equal(0, snap[0].Heading, 9);
    }

    [Fact]
    public void The10FormInRadiansGivesTheSamePlace()
    {
        string position = FormattableString.Invariant($"<GeoPosition latitude=\"{48.137154 * Deg:R}\" longitude=\"{11.576124 * Deg:R}\"/>");
        Scenario s = Load(Doc(Xosc.Entities("Ego"), Place("Ego", position, 10)), out _,
            new SimCore.OpenScenario.OpenScenarioOptions { EgoDriver = SimCore.OpenScenario.EgoDriverMode.Scenario, Network = GeoRoad("+proj=utm +zone=32 +ellps=WGS84") });
        var snap = new EntitySnapshot[1];
        new Simulator(s).GetSnapshot(snap);
        Assert.Equal(1000, snap[0].X, 5);
    }

    [Fact]
    public void WithoutAGeoreferenceAGeoPositionIsALocatedError()
    {
        string xml = Doc(Xosc.Entities("Ego"), Place("Ego", "<GeoPosition latitudeDeg=\"48\" longitudeDeg=\"11\"/>", 10));
        InputError e = Assert.Single(Errors(xml));
        Assert.Contains("a GeoPosition needs the road's georeference: the road file has no geoReference", e.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(xml, "<GeoPosition"), e.Location.Line);
    }
}
