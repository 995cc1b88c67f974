using System.Globalization;

namespace SimCore.Roads;

/// <summary>
/// The map projection an OpenDRIVE header's geoReference names, for turning latitude and
/// longitude into the road's x, y. Reads the PROJ strings road files use: <c>+proj=tmerc</c> and
/// <c>+proj=utm</c> (also as <c>EPSG:326zz</c>, <c>EPSG:327zz</c>, <c>EPSG:258zz</c>), and
/// <c>+proj=longlat</c> / <c>latlong</c>, under which coordinates are longitude and latitude in
/// degrees (the identity). Transverse Mercator is Krüger's series to sixth order in the third
/// flattening (Karney 2011, as PROJ's tmerc): nanometre-accurate across a UTM zone. The header
/// offset is applied as OpenDRIVE 1.6+ says: world = R(hdg) * road + offset.
/// </summary>
internal sealed class GeoProjection
{
    private const double Deg = Math.PI / 180;

    private static readonly IReadOnlyDictionary<string, (double A, double InvF)> Ellipsoids = new Dictionary<string, (double, double)>(StringComparer.OrdinalIgnoreCase)
    {
        ["WGS84"] = (6378137.0, 298.257223563),
        ["GRS80"] = (6378137.0, 298.257222101),
        ["bessel"] = (6377397.155, 299.1528128),
        ["intl"] = (6378388.0, 297.0),
        ["airy"] = (6377563.396, 299.3249646),
        ["clrk66"] = (6378206.4, 294.978698214),
        ["clrk80"] = (6378249.145, 293.465),
    };

    private readonly bool _identity;
    private readonly double _lon0, _k0, _x0, _y0, _e, _a1, _xi0;
    private readonly double[] _alpha = new double[6];
    private readonly GeoOffset _offset;

    private GeoProjection(bool identity, double a, double invF, double lat0, double lon0, double k0, double x0, double y0, GeoOffset offset)
    {
        _identity = identity;
        _offset = offset;
        _lon0 = lon0;
        _k0 = k0;
        _x0 = x0;
        _y0 = y0;
        double f = invF > 0 ? 1 / invF : 0;
        _e = Math.Sqrt(f * (2 - f));
        double n = f / (2 - f), n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n;
        // Rectifying radius A = a / (1 + n) (1 + n^2/4 + n^4/64 + n^6/256) and Krüger's alpha_1..6.
        _a1 = a / (1 + n) * (1 + n2 / 4 + n4 / 64 + n6 / 256);
        _alpha[0] = n / 2 - 2 * n2 / 3 + 5 * n3 / 16 + 41 * n4 / 180 - 127 * n5 / 288 + 7891 * n6 / 37800;
        _alpha[1] = 13 * n2 / 48 - 3 * n3 / 5 + 557 * n4 / 1440 + 281 * n5 / 630 - 1983433 * n6 / 1935360;
        _alpha[2] = 61 * n3 / 240 - 103 * n4 / 140 + 15061 * n5 / 26880 + 167603 * n6 / 181440;
        _alpha[3] = 49561 * n4 / 161280 - 179 * n5 / 168 + 6601661 * n6 / 7257600;
        _alpha[4] = 34729 * n5 / 80640 - 3418889 * n6 / 1995840;
        _alpha[5] = 212378941 * n6 / 319334400;
        _xi0 = identity ? 0 : Xi(lat0, 0).Xi;
    }

    /// <summary>Parses a geoReference; null with <paramref name="error"/> saying why when it is not one of the supported forms.</summary>
    public static GeoProjection? Parse(string? geoReference, GeoOffset? offset, out string? error)
    {
        error = null;
        GeoOffset off = offset ?? default;
        if (string.IsNullOrWhiteSpace(geoReference))
        {
            error = "the road file has no geoReference in its header";
            return null;
        }
        string text = geoReference.Trim();
        var p = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (text.StartsWith("EPSG:", StringComparison.OrdinalIgnoreCase) || text.Contains("+init=epsg:", StringComparison.OrdinalIgnoreCase))
        {
            string code = text[(text.LastIndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            if (!int.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out int epsg) || !Epsg(epsg, p))
            {
                error = $"EPSG code '{code}' is not a UTM zone this reader knows (WGS 84 32601-32660 and 32701-32760, ETRS89 25828-25838); write the PROJ string instead";
                return null;
            }
        }
        else
        {
            foreach (string token in text.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (!token.StartsWith('+'))
                {
                    error = $"'{token}' is not a PROJ parameter (+name=value); only PROJ strings and EPSG UTM codes are read, not WKT";
                    return null;
                }
                int eq = token.IndexOf('=');
                p[eq < 0 ? token[1..] : token[1..eq]] = eq < 0 ? null : token[(eq + 1)..];
            }
        }
        string? proj = p.GetValueOrDefault("proj");
        if (proj is "longlat" or "latlong" or "lonlat" or "latlon")
        {
            return new GeoProjection(true, 6378137, 298.257223563, 0, 0, 1, 0, 0, off);
        }
        if (proj is not ("tmerc" or "utm"))
        {
            error = proj is null ? "the geoReference names no +proj" : $"projection '+proj={proj}' is not supported (tmerc, utm, longlat are)";
            return null;
        }
        if (p.GetValueOrDefault("units") is { } units && units != "m")
        {
            error = $"+units={units}: only metres are supported";
            return null;
        }
        if (p.ContainsKey("towgs84") || p.ContainsKey("nadgrids"))
        {
            error = "a datum shift (+towgs84, +nadgrids) is not applied here: latitude and longitude would be off by up to hundreds of metres";
            return null;
        }
        (double a, double invF)? ellipsoid = Ellipsoid(p, out error);
        if (ellipsoid is null)
        {
            return null;
        }
        double Num(string key, double fallback)
        {
            if (p.GetValueOrDefault(key) is not { } v)
            {
                return fallback;
            }
            return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : double.NaN;
        }
        double lat0, lon0, k0, x0, y0;
        if (proj == "utm")
        {
            double zone = Num("zone", double.NaN);
            if (!(zone >= 1 && zone <= 60) || zone != Math.Floor(zone))
            {
                error = "+proj=utm needs +zone=1..60";
                return null;
            }
            (lat0, lon0, k0, x0, y0) = (0, (zone - 1) * 6 - 180 + 3, 0.9996, 500000, p.ContainsKey("south") ? 10000000 : 0);
        }
        else
        {
            (lat0, lon0, k0, x0, y0) = (Num("lat_0", 0), Num("lon_0", 0), Num("k_0", Num("k", 1)), Num("x_0", 0), Num("y_0", 0));
        }
        if (new[] { lat0, lon0, k0, x0, y0 }.Any(v => !double.IsFinite(v)) || !(k0 > 0))
        {
            error = "a projection parameter (+lat_0, +lon_0, +k_0, +x_0, +y_0) is not a number";
            return null;
        }
        return new GeoProjection(false, ellipsoid.Value.a, ellipsoid.Value.invF, lat0 * Deg, lon0 * Deg, k0, x0, y0, off);
    }

    private static bool Epsg(int code, Dictionary<string, string?> p)
    {
        (int zone, bool south, string ellps) = code switch
        {
            >= 32601 and <= 32660 => (code - 32600, false, "WGS84"),
            >= 32701 and <= 32760 => (code - 32700, true, "WGS84"),
            >= 25828 and <= 25838 => (code - 25800, false, "GRS80"),
            _ => (0, false, ""),
        };
        if (zone == 0)
        {
            return false;
        }
        p["proj"] = "utm";
        p["zone"] = zone.ToString(CultureInfo.InvariantCulture);
        p["ellps"] = ellps;
        if (south)
        {
            p["south"] = null;
        }
        return true;
    }

    /// <summary>+ellps, +datum, or +a with +rf / +f / +b; PROJ's default is GRS80.</summary>
    private static (double a, double invF)? Ellipsoid(Dictionary<string, string?> p, out string? error)
    {
        error = null;
        string? name = p.GetValueOrDefault("ellps") ?? (p.GetValueOrDefault("datum") is "WGS84" ? "WGS84" : null);
        (double a, double invF) e = Ellipsoids["GRS80"];
        if (name is not null && !Ellipsoids.TryGetValue(name, out e))
        {
            error = $"ellipsoid '{name}' is not known (WGS84, GRS80, bessel, intl, airy, clrk66, clrk80 are); give +a and +rf";
            return null;
        }
        double Get(string key) => double.TryParse(p.GetValueOrDefault(key), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;
        if (p.ContainsKey("R"))
        {
            return (Get("R"), 0);
        }
        if (p.ContainsKey("a"))
        {
            double a = Get("a");
            double invF = p.ContainsKey("rf") ? Get("rf") : p.ContainsKey("f") ? 1 / Get("f") : p.ContainsKey("b") ? a / (a - Get("b")) : e.invF;
            if (!(a > 0) || double.IsNaN(invF))
            {
                error = "+a, +rf, +f or +b is not a number";
                return null;
            }
            return (a, double.IsInfinity(invF) ? 0 : invF);
        }
        return e;
    }

    /// <summary>Road x, y of a latitude and longitude (radians, on the projection's ellipsoid).</summary>
    public (double X, double Y) ToRoad(double latitude, double longitude)
    {
        double e, n;
        if (_identity)
        {
            (e, n) = (longitude / Deg, latitude / Deg);
        }
        else
        {
            (double xi, double eta) = Xi(latitude, Angle(longitude - _lon0));
            e = _x0 + _k0 * _a1 * eta;
            n = _y0 + _k0 * _a1 * (xi - _xi0);
        }
        // world = R(hdg) * road + offset, so road = R(-hdg) * (world - offset).
        double dx = e - _offset.X, dy = n - _offset.Y;
        (double s, double c) = Math.SinCos(_offset.Heading);
        return (c * dx + s * dy, -s * dx + c * dy);
    }

    private static double Angle(double a) => Math.IEEERemainder(a, 2 * Math.PI);

    /// <summary>Gauss-Krüger (xi, eta): the conformal latitude's Gauss-Schreiber coordinates corrected by Krüger's series.</summary>
    private (double Xi, double Eta) Xi(double phi, double lambda)
    {
        double sinPhi = Math.Sin(phi);
        // Conformal latitude through the isometric latitude q; tan(conformal) = sinh(q).
        double q = Math.Asinh(Math.Tan(phi)) - _e * Math.Atanh(_e * sinPhi);
        double xip = Math.Atan2(Math.Sinh(q), Math.Cos(lambda));
        double etap = Math.Atanh(Math.Sin(lambda) / Math.Cosh(q));
        double xi = xip, eta = etap;
        for (int j = 1; j <= 6; j++)
        {
            xi += _alpha[j - 1] * Math.Sin(2 * j * xip) * Math.Cosh(2 * j * etap);
            eta += _alpha[j - 1] * Math.Cos(2 * j * xip) * Math.Sinh(2 * j * etap);
        }
        return (xi, eta);
    }
}
