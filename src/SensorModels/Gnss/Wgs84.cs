using SensorModels.Mathematics;

namespace SensorModels.Gnss;

/// <summary>
/// The WGS-84 ellipsoid: geodetic (latitude, longitude, ellipsoidal height) to and from
/// earth-centred earth-fixed (ECEF) coordinates. Angles in radians here; the sensor converts to
/// degrees for its payload.
/// </summary>
public static class Wgs84
{
    /// <summary>Semi-major axis (m).</summary>
    public const double A = 6378137.0;

    /// <summary>Flattening.</summary>
    public const double F = 1 / 298.257223563;

    /// <summary>First eccentricity squared.</summary>
    public const double E2 = F * (2 - F);

    /// <summary>Prime-vertical radius of curvature N at a latitude (m).</summary>
    public static double PrimeVerticalRadius(double lat)
    {
        double s = Math.Sin(lat);
        return A / Math.Sqrt(1 - E2 * s * s);
    }

    /// <summary>Geodetic to ECEF (m).</summary>
    public static Vec3 ToEcef(double lat, double lon, double h)
    {
        (double sl, double cl) = Math.SinCos(lat);
        (double so, double co) = Math.SinCos(lon);
        double n = A / Math.Sqrt(1 - E2 * sl * sl);
        return new Vec3((n + h) * cl * co, (n + h) * cl * so, (n * (1 - E2) + h) * sl);
    }

    /// <summary>ECEF to geodetic by fixed-point iteration on latitude (sub-micrometre within 6 iterations near the surface).</summary>
    public static (double Lat, double Lon, double H) FromEcef(Vec3 p)
    {
        double lon = Math.Atan2(p.Y, p.X);
        double r = Math.Sqrt(p.X * p.X + p.Y * p.Y);
        double lat = Math.Atan2(p.Z, r * (1 - E2));
        double h = 0;
        for (int i = 0; i < 10; i++)
        {
            (double s, double c) = Math.SinCos(lat);
            double n = A / Math.Sqrt(1 - E2 * s * s);
            // Height from whichever of r and z is better conditioned (r / cos fails near the poles).
            h = Math.Abs(c) > 0.5 ? r / c - n : p.Z / s - n * (1 - E2);
            double next = Math.Atan2(p.Z, r * (1 - E2 * n / (n + h)));
            bool done = Math.Abs(next - lat) < 1e-15;
            lat = next;
            if (done)
            {
                break;
            }
        }
        return (lat, lon, h);
    }
}

/// <summary>
/// A local tangent plane: east, north, up axes at a geodetic origin on WGS-84. Points given in
/// the plane are converted through ECEF, so the earth's curvature is exact at any distance.
/// </summary>
public sealed class EnuFrame
{
    private readonly Vec3 _origin;
    private readonly double _sinLat, _cosLat, _sinLon, _cosLon;

    /// <summary>Creates the frame at a geodetic origin (rad, rad, m).</summary>
    public EnuFrame(double lat, double lon, double h)
    {
        Latitude = lat;
        Longitude = lon;
        Height = h;
        _origin = Wgs84.ToEcef(lat, lon, h);
        (_sinLat, _cosLat) = Math.SinCos(lat);
        (_sinLon, _cosLon) = Math.SinCos(lon);
    }

    /// <summary>Origin latitude (rad).</summary>
    public double Latitude { get; }

    /// <summary>Origin longitude (rad).</summary>
    public double Longitude { get; }

    /// <summary>Origin ellipsoidal height (m).</summary>
    public double Height { get; }

    /// <summary>Geodetic coordinates (rad, rad, m) of a point given in the plane (m).</summary>
    public (double Lat, double Lon, double H) ToGeodetic(Vec3 enu) => Wgs84.FromEcef(_origin + EnuToEcef(enu, _sinLat, _cosLat, _sinLon, _cosLon));

    /// <summary>The plane coordinates (m) of a geodetic point (rad, rad, m).</summary>
    public Vec3 ToEnu(double lat, double lon, double h) => EcefToEnu(Wgs84.ToEcef(lat, lon, h) - _origin, _sinLat, _cosLat, _sinLon, _cosLon);

    /// <summary>The plane coordinates (m) of an ECEF point (m).</summary>
    public Vec3 EcefToEnu(Vec3 ecef) => EcefToEnu(ecef - _origin, _sinLat, _cosLat, _sinLon, _cosLon);

    /// <summary>An ECEF direction (velocity, axis) in this frame's east-north-up axes.</summary>
    public Vec3 EcefDirectionToEnu(Vec3 v) => EcefToEnu(v, _sinLat, _cosLat, _sinLon, _cosLon);

    /// <summary>
    /// A vector given in this frame's axes, expressed in the east-north-up axes at another place
    /// (rad): the axes turn with latitude and longitude, by about 1e-4 rad per km.
    /// </summary>
    public Vec3 ToLocalAxes(Vec3 v, double lat, double lon)
    {
        Vec3 ecef = EnuToEcef(v, _sinLat, _cosLat, _sinLon, _cosLon);
        (double sl, double cl) = Math.SinCos(lat);
        (double so, double co) = Math.SinCos(lon);
        return EcefToEnu(ecef, sl, cl, so, co);
    }

    private static Vec3 EnuToEcef(Vec3 v, double sl, double cl, double so, double co)
        => new(-so * v.X - sl * co * v.Y + cl * co * v.Z,
               co * v.X - sl * so * v.Y + cl * so * v.Z,
               cl * v.Y + sl * v.Z);

    private static Vec3 EcefToEnu(Vec3 d, double sl, double cl, double so, double co)
        => new(-so * d.X + co * d.Y,
               -sl * co * d.X - sl * so * d.Y + cl * d.Z,
               cl * co * d.X + cl * so * d.Y + sl * d.Z);
}
