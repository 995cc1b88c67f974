using System.Globalization;
using SensorModels.Mathematics;
using SimCore.Roads;

namespace SensorModels.Gnss;

/// <summary>
/// Where the simulation's world frame (x east, y north, z up) sits on the earth: a local tangent
/// plane at a geodetic origin, and how world coordinates map into it. From the rig it is the
/// identity (the world origin is the given point); from an OpenDRIVE header the world is the
/// map's inertial frame, which the header's offset shifts and turns relative to the projection
/// whose false origin (+x_0, +y_0) sits at (+lat_0, +lon_0).
/// </summary>
/// <param name="LatitudeDeg">Origin latitude (deg).</param>
/// <param name="LongitudeDeg">Origin longitude (deg).</param>
/// <param name="Altitude">Origin ellipsoidal height (m).</param>
/// <param name="FalseEasting">+x_0 of the projection (m): projected x of the origin.</param>
/// <param name="FalseNorthing">+y_0 of the projection (m).</param>
/// <param name="Offset">OpenDRIVE header offset, if any.</param>
internal sealed record GeoOrigin(double LatitudeDeg, double LongitudeDeg, double Altitude, double FalseEasting = 0, double FalseNorthing = 0, GeoOffset? Offset = null)
{
    /// <summary>
    /// The tangent-plane coordinates (east, north, up; m) of a world point. With an offset,
    /// projected = Rz(hdg) * inertial + (x, y, z) (OpenDRIVE: the inertial frame is the projected
    /// one moved by the offset); then the false origin is removed.
    /// </summary>
    public Vec3 WorldToEnu(Vec3 p)
    {
        Vec3 q = Direction(p);
        if (Offset is { } o)
        {
            q += new Vec3(o.X, o.Y, o.Z);
        }
        return new Vec3(q.X - FalseEasting, q.Y - FalseNorthing, q.Z);
    }

    /// <summary>A world direction (velocity) in the tangent plane's axes.</summary>
    public Vec3 Direction(Vec3 v)
    {
        if (Offset is not { } o || o.Heading == 0)
        {
            return v;
        }
        (double s, double c) = Math.SinCos(o.Heading);
        return new Vec3(c * v.X - s * v.Y, s * v.X + c * v.Y, v.Z);
    }

    /// <summary>
    /// The origin of a road network's header: +lat_0 and +lon_0 (and +x_0, +y_0) of its PROJ
    /// geoReference. Null with the reason when the header has none the plane can be built from.
    /// </summary>
    public static GeoOrigin? FromHeader(RoadNetworkHeader? header, out string why)
    {
        if (header?.GeoReference is not { Length: > 0 } geo)
        {
            why = "the road network has no geoReference";
            return null;
        }
        double? lat = null, lon = null, x0 = null, y0 = null;
        foreach (string token in geo.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = token.IndexOf('=');
            if (!token.StartsWith('+') || eq < 0)
            {
                continue;
            }
            string key = token[1..eq];
            string value = token[(eq + 1)..];
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
            {
                continue;
            }
            switch (key)
            {
                case "lat_0": lat = d; break;
                case "lon_0": lon = d; break;
                case "x_0": x0 = d; break;
                case "y_0": y0 = d; break;
            }
        }
        if (lat is null || lon is null)
        {
            why = $"the road network's geoReference has no +lat_0/+lon_0 ('{(geo.Length > 80 ? geo[..80] + "..." : geo)}')";
            return null;
        }
        why = "";
        return new GeoOrigin(lat.Value, lon.Value, 0, x0 ?? 0, y0 ?? 0, header.Offset);
    }
}
