using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Scenarios.Yaml;

namespace SensorModels.Gnss;

/// <summary>Reads a "gnss" rig entry's parameters (docs/sensors/imu-gnss.md).</summary>
internal static class GnssReader
{
    private static readonly YamlObject WireShape = new("gnss_wire", "NMEA 0183 output of a GNSS receiver (docs/sensors/imu-gnss.md).",
        Y.Required("format", Y.Word(["nmea"]), "NMEA 0183: GGA, RMC and VTG per solution."),
        Y.Key("port", Y.Integer(1, 65535), "UDP port.", "10110"));

    /// <summary>A GNSS receiver's own keys (docs/sensors/imu-gnss.md).</summary>
    public static readonly YamlKey[] Keys =
    [
        Y.Key("horizontal_noise", Y.NonNegative("m"), "1 sigma white position noise per horizontal axis (east, north).", "0"),
        Y.Key("vertical_noise", Y.NonNegative("m"), "1 sigma white altitude noise.", "0"),
        Y.Key("horizontal_bias", Y.NonNegative("m"), "1 sigma of the slowly varying error per horizontal axis.", "0"),
        Y.Key("vertical_bias", Y.NonNegative("m"), "1 sigma of the slowly varying altitude error.", "0"),
        Y.Key("bias_time_constant", Y.Positive("s"), "Correlation time of the slowly varying error.", "60"),
        Y.Key("velocity_noise", Y.NonNegative("m/s"), "1 sigma white velocity noise, east and north.", "0"),
        Y.Key("vertical_velocity_noise", Y.NonNegative("m/s"), "1 sigma white vertical velocity noise.", "velocity_noise"),
        Y.Key("latency", Y.Number("s", 0, max: 1), "Output delay.", "0"),
        Y.Key("origin_latitude", Y.Number("deg", -90, max: 90), "WGS-84 latitude of the world's origin (with origin_longitude)."),
        Y.Key("origin_longitude", Y.Number("deg", -180, max: 360), "WGS-84 longitude of the world's origin."),
        Y.Key("origin_altitude", Y.Number("m"), "Ellipsoidal height of the world's origin.", "0"),
        Y.Key("cg_x", Y.Number("m"), "Centre of gravity ahead of the rear axle (antenna velocity lever arm).", "the box centre offset"),
        Y.Key("wire", WireShape, "Send the solutions as NMEA 0183 sentences (GGA, RMC, VTG) over UDP (docs/sensors/imu-gnss.md)."),
    ];


    public static Sensor? Create(SensorDefinition definition, MapReader m)
    {
        int errors = m.Context.Errors.Count;
        if (definition.RateHz < 1 || definition.RateHz > 20)
        {
            m.Context.Error(m.Get("rate") is { } rn ? m.Context.Where(rn) : definition.Where, $"a gnss 'rate' must be 1 to 20 Hz, not {definition.RateHz}");
        }
        double h = m.NonNegative("horizontal_noise") ?? 0;
        double v = m.NonNegative("vertical_noise") ?? 0;
        double hb = m.NonNegative("horizontal_bias") ?? 0;
        double vb = m.NonNegative("vertical_bias") ?? 0;
        double tc = m.Positive("bias_time_constant") ?? 60;
        double vel = m.NonNegative("velocity_noise") ?? 0;
        double velUp = m.NonNegative("vertical_velocity_noise") ?? vel;
        double latency = m.NonNegative("latency") ?? 0;
        if (latency > 1 && m.Get("latency") is { } ln)
        {
            // The antenna is carried back at constant velocity over the latency; beyond a second that is no longer a fair model.
            m.Context.Error(ln, $"'latency' must be at most 1 s, not {latency}");
        }
        double? lat = m.Double("origin_latitude");
        double? lon = m.Double("origin_longitude");
        double alt = m.Double("origin_altitude") ?? 0;
        if (lat is { } la && (la < -90 || la > 90))
        {
            m.Context.Error(m.Get("origin_latitude")!, $"'origin_latitude' must be within -90 to 90 deg, not {la}");
        }
        if (lon is { } lo && (lo < -180 || lo > 360))
        {
            m.Context.Error(m.Get("origin_longitude")!, $"'origin_longitude' must be within -180 to 360 deg, not {lo}");
        }
        if ((lat is null) != (lon is null) || (lat is null && m.Has("origin_altitude")))
        {
            m.Context.Error(m.Location, "a gnss origin needs both 'origin_latitude' and 'origin_longitude' (and optionally 'origin_altitude')");
        }
        double? cgX = m.Double("cg_x");
        int? nmeaPort = null;
        if (m.Map("wire") is { } w)
        {
            if (w.RequiredString("format", $"sensor '{definition.Name}''s 'wire'") is { } f && f != "nmea")
            {
                m.Context.Error(w.Get("format")!, $"sensor '{definition.Name}': wire 'format' must be nmea, not '{f}'");
            }
            nmeaPort = w.Int("port") ?? 10110;
            w.Finish($"sensor '{definition.Name}''s 'wire'");
        }
        if (m.Context.Errors.Count > errors)
        {
            return null;
        }
        GeoOrigin? origin = lat is { } a && lon is { } b ? new GeoOrigin(a, b, alt) : null;
        return new GnssSensor(definition, new GnssNoiseParameters(h, v, hb, vb, tc, vel, velUp, latency), origin, cgX) { NmeaPort = nmeaPort };
    }
}
