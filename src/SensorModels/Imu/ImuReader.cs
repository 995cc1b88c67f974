using SensorModels.Mathematics;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace SensorModels.Imu;

/// <summary>
/// Reads an "imu" rig entry's parameters (docs/sensors/imu-gnss.md). Every value is per axis:
/// a number applies to all three, a list [x, y, z] gives each. Datasheet units are accepted
/// under their own keys (deg/sqrt(h), deg/h, m/s/sqrt(h), mg), never guessed from magnitudes.
/// </summary>
internal static class ImuReader
{
    /// <summary>deg/sqrt(h) in rad/s/sqrt(Hz) (= rad/sqrt(s)).</summary>
    public const double DegPerSqrtHour = Math.PI / 180 / 60;

    /// <summary>deg/h in rad/s.</summary>
    public const double DegPerHour = Math.PI / 180 / 3600;

    /// <summary>m/s/sqrt(h) in m/s^2/sqrt(Hz).</summary>
    public const double MetresPerSecondPerSqrtHour = 1.0 / 60;

    /// <summary>mg in m/s^2.</summary>
    public const double MilliG = BodyMotion.Gravity * 1e-3;

    private static YamlAnyOf Vector3(string unit) => Y.AnyOf(Y.Number(unit), new YamlList(Y.Number(unit)) { MinItems = 3, Description = "[x, y, z]" });

    private static YamlKey[] Triad(string prefix, string what, string siDensity, string datasheetDensityKey, string datasheetDensity, string siBias, string datasheetBiasKey, string datasheetBias) =>
    [
        Y.Key($"{prefix}_noise_density", Vector3(siDensity), $"{what} white noise density N (per axis: one number or [x, y, z]); per sample sigma = N sqrt(rate).", "0"),
        Y.Key($"{prefix}_{datasheetDensityKey}", Vector3(datasheetDensity), $"The same in datasheet units (give one of the two).", "0"),
        Y.Key($"{prefix}_bias_instability", Vector3(siBias), $"{what} bias instability B: Allan floor 0.664 B.", "0"),
        Y.Key($"{prefix}_{datasheetBiasKey}", Vector3(datasheetBias), "The same in datasheet units (give one of the two).", "0"),
        Y.Key($"{prefix}_bias_correlation_time", Y.Positive("s"), "Longest correlation time of the flicker model.", "1000"),
        Y.Key($"{prefix}_bias_random_walk", Vector3(siDensity.Replace("/sqrt(Hz)", "/sqrt(s)", StringComparison.Ordinal)), "Bias random walk K.", "0"),
        Y.Key($"{prefix}_bias", Vector3(siBias), "Constant bias.", "0"),
        Y.Key($"{prefix}_turn_on_bias", Vector3(siBias), "1 sigma of a bias drawn once per run from the seed.", "0"),
        Y.Key($"{prefix}_scale_factor_ppm", Vector3("ppm"), "Scale factor error.", "0"),
    ];

    /// <summary>An IMU's own keys (docs/sensors/imu-gnss.md).</summary>
    public static readonly YamlKey[] Keys =
    [
        .. Triad("gyro", "Gyroscope", "rad/s/sqrt(Hz)", "arw_deg_rt_h", "deg/sqrt(h)", "rad/s", "bias_instability_deg_h", "deg/h"),
        .. Triad("accel", "Accelerometer", "m/s^2/sqrt(Hz)", "vrw_m_s_rt_h", "m/s/sqrt(h)", "m/s^2", "bias_instability_mg", "mg"),
        Y.Key("cg_x", Y.Number("m"), "Centre of gravity ahead of the rear axle, where the acceleration is taken.", "the box centre offset"),
    ];

    /// <summary>Factory registered as "imu".</summary>
    public static Sensor? Create(SensorDefinition definition, MapReader m)
    {
        int errors = m.Context.Errors.Count;
        TriadNoiseParameters gyro = Triad(m, "gyro", ("arw_deg_rt_h", DegPerSqrtHour), ("bias_instability_deg_h", DegPerHour));
        TriadNoiseParameters accel = Triad(m, "accel", ("vrw_m_s_rt_h", MetresPerSecondPerSqrtHour), ("bias_instability_mg", MilliG));
        double? cgX = m.Double("cg_x");
        return m.Context.Errors.Count > errors ? null : new ImuSensor(definition, gyro, accel, cgX);
    }

    private static TriadNoiseParameters Triad(MapReader m, string prefix, (string Key, double Unit) density, (string Key, double Unit) instability)
    {
        double time = m.Positive($"{prefix}_bias_correlation_time") ?? 1000;
        return new TriadNoiseParameters(
            Either(m, $"{prefix}_noise_density", $"{prefix}_{density.Key}", density.Unit),
            Either(m, $"{prefix}_bias_instability", $"{prefix}_{instability.Key}", instability.Unit),
            time,
            Vector(m, $"{prefix}_bias_random_walk", nonNegative: true) ?? default,
            Vector(m, $"{prefix}_bias", nonNegative: false) ?? default,
            Vector(m, $"{prefix}_turn_on_bias", nonNegative: true) ?? default,
            Vector(m, $"{prefix}_scale_factor_ppm", nonNegative: false) ?? default);
    }

    /// <summary>One quantity under its SI key or its datasheet-unit key, not both.</summary>
    private static Vec3 Either(MapReader m, string siKey, string unitKey, double unit)
    {
        Vec3? si = Vector(m, siKey, nonNegative: true);
        Vec3? other = Vector(m, unitKey, nonNegative: true);
        if (si is not null && other is not null)
        {
            m.Context.Error(m.Get(unitKey)!, $"give either '{siKey}' or '{unitKey}', not both (they are the same quantity in different units)");
        }
        return si ?? (other is { } o ? o * unit : default);
    }

    /// <summary>A number (all axes) or a list of three numbers, or null when absent or wrong.</summary>
    internal static Vec3? Vector(MapReader m, string key, bool nonNegative)
    {
        YamlNode? n = m.Get(key);
        if (n is null)
        {
            return null;
        }
        YamlContext ctx = m.Context;
        Vec3 v;
        if (n is YamlSequenceNode seq)
        {
            if (seq.Children.Count != 3)
            {
                ctx.Error(n, $"'{key}' needs one number or three [x, y, z], not {seq.Children.Count}");
                return null;
            }
            double? x = ctx.Double(seq.Children[0], $"'{key}' x"), y = ctx.Double(seq.Children[1], $"'{key}' y"), z = ctx.Double(seq.Children[2], $"'{key}' z");
            if (x is null || y is null || z is null)
            {
                return null;
            }
            v = new Vec3(x.Value, y.Value, z.Value);
        }
        else
        {
            if (ctx.Double(n, $"'{key}'") is not { } d)
            {
                return null;
            }
            v = new Vec3(d, d, d);
        }
        if (nonNegative && (v.X < 0 || v.Y < 0 || v.Z < 0))
        {
            ctx.Error(n, $"'{key}' must not be negative");
            return null;
        }
        if (!double.IsFinite(v.X) || !double.IsFinite(v.Y) || !double.IsFinite(v.Z))
        {
            ctx.Error(n, $"'{key}' must be finite");
            return null;
        }
        return v;
    }
}
