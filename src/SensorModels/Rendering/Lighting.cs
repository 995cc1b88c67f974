namespace SensorModels.Rendering;

/// <summary>
/// Illumination of a frame. World frame: x east, y north, z up. Colours are linear RGB.
/// <see cref="FromTimeOfDay"/> gives a plausible sun, sky and headlight state for an hour of the day.
/// </summary>
public readonly record struct Lighting
{
    /// <summary>Sun elevation above the horizon (rad; negative at night).</summary>
    public double SunElevation { get; init; }

    /// <summary>Sun azimuth (rad, counter-clockwise from world +x, i.e. from east toward north).</summary>
    public double SunAzimuth { get; init; }

    /// <summary>Direct sun intensity (0 at night).</summary>
    public float SunIntensity { get; init; }

    /// <summary>Ambient (sky) intensity.</summary>
    public float Ambient { get; init; }

    /// <summary>Sky colour (linear RGB): the background and the ambient tint.</summary>
    public (float R, float G, float B) Sky { get; init; }

    /// <summary>Fog density (1/m): colour blends toward the sky with exp(-density * depth). 0 = clear.</summary>
    public float FogDensity { get; init; }

    /// <summary>Rain/overcast dimming of sun and ambient (1 = none, 0.5 = half light).</summary>
    public float Dimming { get; init; }

    /// <summary>Vehicles' head and tail lights are on.</summary>
    public bool VehicleLights { get; init; }

    /// <summary>Headlight intensity (radiance scale at 1 m; falls off with 1 / (d^2 + 1)).</summary>
    public float HeadlightIntensity { get; init; }

    /// <summary>Street lamp intensity (radiance scale at 1 m, 1 / (d^2 + 1) fall-off, downward 75-degree cone); 0 = off.</summary>
    public float StreetLightIntensity { get; init; }

    /// <summary>Exposure multiplier before sRGB encoding.</summary>
    public float Exposure { get; init; }

    /// <summary>Clear midday sun.</summary>
    public static Lighting Noon => FromTimeOfDay(12);

    /// <summary>
    /// The light condition <see cref="FromTimeOfDay"/> renders at <paramref name="hours"/>: "night"
    /// once the sun is below -6 degrees (civil twilight over: sky and ambient at their night floor,
    /// only lamps and headlights), "day" with the sun at or above 10 degrees (full sun), "dusk" between.
    /// </summary>
    public static string ConditionAt(double hours, double latitudeDegrees = 48)
    {
        double elevation = FromTimeOfDay(hours, latitudeDegrees).SunElevation;
        return elevation < -6 * Math.PI / 180 ? "night" : elevation >= 10 * Math.PI / 180 ? "day" : "dusk";
    }

    /// <summary>
    /// Sun position at <paramref name="hours"/> local solar time on an equinox at
    /// <paramref name="latitudeDegrees"/> (north), east = world +x; lights on when the sun is below 3 degrees.
    /// </summary>
    public static Lighting FromTimeOfDay(double hours, double latitudeDegrees = 48)
    {
        double h = (hours - 12) * Math.PI / 12, phi = latitudeDegrees * Math.PI / 180;
        // Equinox (declination 0): east = -sin h, north = -sin(phi) cos h, up = cos(phi) cos h.
        double e = -Math.Sin(h), n = -Math.Sin(phi) * Math.Cos(h), u = Math.Cos(phi) * Math.Cos(h);
        double elevation = Math.Asin(Math.Clamp(u, -1, 1));
        double day = Math.Clamp(Math.Sin(elevation) / Math.Sin(10 * Math.PI / 180), 0, 1); // 1 above 10 degrees
        double dusk = Math.Clamp((elevation + 6 * Math.PI / 180) / (6 * Math.PI / 180), 0, 1); // civil twilight ramp
        (float R, float G, float B) daySky = (0.35f, 0.55f, 0.9f), nightSky = (0.002f, 0.003f, 0.008f);
        float t = (float)dusk;
        return new Lighting
        {
            SunElevation = elevation,
            SunAzimuth = Math.Atan2(n, e),
            SunIntensity = (float)(2.2 * day),
            Ambient = (float)(0.02 + 0.5 * dusk),
            Sky = (nightSky.R + (daySky.R - nightSky.R) * t, nightSky.G + (daySky.G - nightSky.G) * t, nightSky.B + (daySky.B - nightSky.B) * t),
            FogDensity = 0,
            Dimming = 1,
            VehicleLights = elevation < 3 * Math.PI / 180,
            HeadlightIntensity = 300,
            // Lit with the vehicles' lights: about 0.9 under an 8 m lamp, ambient daylight level.
            StreetLightIntensity = elevation < 3 * Math.PI / 180 ? 60 : 0,
            Exposure = 1,
        };
    }
}
