using SensorModels.Gnss;
using SensorModels.Mathematics;
using SimCore.Roads;

namespace SensorModels.Tests.Gnss;

public class GeodesyTests
{
    private const double Deg = Math.PI / 180;

    [Fact]
    public void OneKilometreEastAt48DegreesIsOnTheCurvedEarth()
    {
        // By hand on WGS-84 at latitude 48 deg, height 0: N = a / sqrt(1 - e^2 sin^2 48) =
        // 6 389 959.99 m, distance from the axis p0 = N cos 48 = 4 275 717.80 m. A point 1000 m
        // east in the tangent plane keeps z and moves sideways, so
        //   dlon = atan(1000 / p0) = 0.0134002713 deg,
        //   dp = sqrt(p0^2 + 1000^2) - p0 = 0.116939 m outward from the axis, whose up part is
        //   h = dp cos 48 = 0.078248 m and whose north part -dp sin 48 over the meridian radius
        //   M = 6 370 736.2 m gives dlat = -7.8157e-7 deg.
        // A flat-earth degree scaling would give the same longitude to 1e-9 deg but h = 0, dlat = 0.
        var plane = new EnuFrame(48 * Deg, 11 * Deg, 0);
        (double lat, double lon, double h) = plane.ToGeodetic(new Vec3(1000, 0, 0));
        Assert.Equal(11 + 0.013400271275505929, lon / Deg, 11);
        Assert.Equal(48 - 7.815691895282915e-07, lat / Deg, 11);
        Assert.Equal(0.07824774991730987, h, 6);
    }

    [Fact]
    public void GeodeticAndEcefRoundTrip()
    {
        foreach ((double lat, double lon, double h) in new[] { (48.0, 11.0, 500.0), (-33.9, 151.2, 30.0), (89.9, -45.0, 10.0), (0.0, 0.0, -20.0) })
        {
            (double la, double lo, double hh) = Wgs84.FromEcef(Wgs84.ToEcef(lat * Deg, lon * Deg, h));
            Assert.Equal(lat, la / Deg, 10);
            Assert.Equal(lon, lo / Deg, 10);
            Assert.Equal(h, hh, 6);
        }
        var plane = new EnuFrame(48 * Deg, 11 * Deg, 400);
        Vec3 p = new(-3210.5, 12000.25, 37.5);
        (double a, double b, double c) = plane.ToGeodetic(p);
        Assert.True((plane.ToEnu(a, b, c) - p).Length < 1e-6);
    }

    [Fact]
    public void TheOriginComesFromTheProjStringOfTheGeoReference()
    {
        var header = new RoadNetworkHeader(1, 6, "t", null, 0, 0, 0, 0,
            "+proj=tmerc +lat_0=48.7 +lon_0=9.1 +k=1 +x_0=500 +y_0=-200 +ellps=WGS84 +units=m +no_defs", new GeoOffset(10, 20, 5, 0));
        GeoOrigin? o = GeoOrigin.FromHeader(header, out _);
        Assert.NotNull(o);
        Assert.Equal(48.7, o!.LatitudeDeg);
        Assert.Equal(9.1, o.LongitudeDeg);
        // World (490, 180, 0) + offset (10, 20, 5) - false origin (500, -200) = (0, 400, 5).
        Assert.Equal(new Vec3(0, 400, 5), o.WorldToEnu(new Vec3(490, 180, 0)));
    }

    [Fact]
    public void AUtmGeoReferenceWithoutLat0IsNotGuessed()
    {
        var header = new RoadNetworkHeader(1, 6, null, null, 0, 0, 0, 0, "+proj=utm +zone=32 +ellps=WGS84", null);
        Assert.Null(GeoOrigin.FromHeader(header, out string why));
        Assert.Contains("+lat_0", why);
        Assert.Null(GeoOrigin.FromHeader(null, out why));
        Assert.Contains("no geoReference", why);
    }
}
