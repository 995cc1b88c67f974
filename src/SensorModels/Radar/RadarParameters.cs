using SimCore.Entities;
using SimCore.Scenarios.Yaml;

namespace SensorModels.Radar;

/// <summary>What a radar emits: raw detections or a tracked object list.</summary>
internal enum RadarOutput
{
    Detections,
    Objects,
}

/// <summary>A radar's parameters (rig keys in docs/sensors/radar.md; SI units, angles in radians).</summary>
internal sealed class RadarParameters
{
    public RadarOutput Output { get; init; } = RadarOutput.Detections;

    public double MinRange { get; init; } = 0.5;

    public double MaxRange { get; init; } = 200;

    /// <summary>Full azimuth field of view (rad), centred on the sensor's x axis.</summary>
    public double AzimuthFov { get; init; } = 60 * Math.PI / 180;

    /// <summary>Full elevation field of view (rad).</summary>
    public double ElevationFov { get; init; } = 10 * Math.PI / 180;

    /// <summary>SNR (dB) of a <see cref="ReferenceRcsDbsm"/> target at <see cref="ReferenceRange"/> with a noiseless receiver.</summary>
    public double ReferenceSnrDb { get; init; } = 25;

    public double ReferenceRange { get; init; } = 100;

    public double ReferenceRcsDbsm { get; init; } = 10;

    public double NoiseFigureDb { get; init; } = 5;

    /// <summary>False-alarm probability per resolution cell: sets the detection threshold.</summary>
    public double FalseAlarmProbability { get; init; } = 1e-6;

    /// <summary>Mean number of false detections per cycle (Poisson).</summary>
    public double FalseAlarmsPerCycle { get; init; } = 0.5;

    public int MaxDetections { get; init; } = 128;

    public double RangeResolution { get; init; } = 0.5;

    public double RangeAccuracy { get; init; } = 0.1;

    public double AzimuthResolution { get; init; } = 2 * Math.PI / 180;

    public double AzimuthAccuracy { get; init; } = 0.1 * Math.PI / 180;

    public double ElevationResolution { get; init; } = 5 * Math.PI / 180;

    public double ElevationAccuracy { get; init; } = 0.3 * Math.PI / 180;

    public double VelocityResolution { get; init; } = 0.1;

    public double VelocityAccuracy { get; init; } = 0.03;

    /// <summary>Unambiguous radial velocity (m/s): measured values wrap into [-max, max).</summary>
    public double MaxVelocity { get; init; } = 70;

    /// <summary>Mean RCS (dBsm) seen head-on or from behind, by entity kind.</summary>
    public double[] RcsByKind { get; init; } = DefaultRcs();

    /// <summary>Extra RCS (dB) seen broadside (interpolated by the squared sine of the aspect).</summary>
    public double SideGainDb { get; init; } = 3;

    public double ClusterDistance { get; init; } = 2.5;

    public double Gate { get; init; } = 3;

    public double Alpha { get; init; } = 0.5;

    public double Beta { get; init; } = 0.2;

    public int ConfirmHits { get; init; } = 3;

    public int MaxMisses { get; init; } = 2;

    internal static readonly IReadOnlyDictionary<string, EntityKind> KindWords = new Dictionary<string, EntityKind>(StringComparer.Ordinal)
    {
        ["car"] = EntityKind.Car,
        ["truck"] = EntityKind.Truck,
        ["bus"] = EntityKind.Bus,
        ["pedestrian"] = EntityKind.Pedestrian,
        ["cyclist"] = EntityKind.Cyclist,
        ["obstacle"] = EntityKind.Obstacle,
    };

    private static readonly YamlObject Rcs = new("radar_rcs", "Mean RCS by class.", KindWords.Keys.Select(k => Y.Key(k, Y.Number("dBsm"), $"RCS of a {k}.")).ToArray());

    private static double[] DefaultRcs()
    {
        var r = new double[Enum.GetValues<EntityKind>().Length];
        r[(int)EntityKind.Car] = 10;
        r[(int)EntityKind.Truck] = 20;
        r[(int)EntityKind.Bus] = 20;
        r[(int)EntityKind.Pedestrian] = -8;
        r[(int)EntityKind.Cyclist] = -3;
        r[(int)EntityKind.Obstacle] = 5;
        return r;
    }

    private const string TrackerOnly = "Objects only: ";

    /// <summary>A radar's own keys (docs/sensors/radar.md).</summary>
    public static readonly YamlKey[] Keys =
    [
        Y.Key("output", Y.Word(["detections", "objects"]), "detections (radar.detections.v1) or a tracked object list (radar.objects.v1).", "detections"),
        Y.Key("min_range", Y.NonNegative("m"), "Nearest range.", "0.5"),
        Y.Key("max_range", Y.Positive("m"), "Farthest range.", "200"),
        Y.Key("azimuth_fov_deg", Y.Number("deg", 1e-3, max: 360), "Full azimuth field of view, centred on the boresight.", "60"),
        Y.Key("elevation_fov_deg", Y.Number("deg", 1e-3, max: 180), "Full elevation field of view.", "10"),
        Y.Key("reference_snr_db", Y.Number("dB"), "SNR of the reference target at the reference range, noiseless receiver.", "25"),
        Y.Key("reference_range", Y.Positive("m"), "Range of that reference.", "100"),
        Y.Key("reference_rcs_dbsm", Y.Number("dBsm"), "RCS of that reference.", "10"),
        Y.Key("noise_figure_db", Y.NonNegative("dB"), "Receiver noise figure: lowers every SNR by this much.", "5"),
        Y.Key("false_alarm_probability", Y.Number(above: 0, max: 1), "False-alarm probability per cell (0..1, exclusive).", "1e-6"),
        Y.Key("false_alarms_per_cycle", Y.Number("1/cycle", 0, max: 100), "Mean number of false detections per cycle (Poisson).", "0.5"),
        Y.Key("max_detections", Y.Integer(1), "Cap on detections per cycle (strongest kept).", "128"),
        Y.Key("range_resolution", Y.NonNegative("m"), "Range resolution (c / 2B).", "0.5"),
        Y.Key("range_accuracy", Y.NonNegative("m"), "Range noise floor (1 sigma).", "0.1"),
        Y.Key("azimuth_resolution_deg", Y.NonNegative("deg"), "Azimuth resolution (beamwidth).", "2"),
        Y.Key("azimuth_accuracy_deg", Y.NonNegative("deg"), "Azimuth noise floor (1 sigma).", "0.1"),
        Y.Key("elevation_resolution_deg", Y.NonNegative("deg"), "Elevation resolution.", "5"),
        Y.Key("elevation_accuracy_deg", Y.NonNegative("deg"), "Elevation noise floor (1 sigma).", "0.3"),
        Y.Key("velocity_resolution", Y.NonNegative("m/s"), "Radial velocity resolution.", "0.1"),
        Y.Key("velocity_accuracy", Y.NonNegative("m/s"), "Radial velocity noise floor (1 sigma).", "0.03"),
        Y.Key("max_velocity", Y.Positive("m/s"), "Unambiguous radial velocity: measurements wrap into +-this.", "70"),
        Y.Key("rcs", Rcs, "Mean RCS by class seen head-on or from behind.", "car 10, truck 20, bus 20, pedestrian -8, cyclist -3, obstacle 5"),
        Y.Key("side_gain_db", Y.Number("dB"), "Extra RCS seen broadside.", "3"),
        Y.Key("cluster_distance", Y.Positive("m"), TrackerOnly + "detections closer than this belong to one cluster.", "2.5"),
        Y.Key("gate", Y.Positive("m"), TrackerOnly + "a cluster farther than this from a track's prediction is not associated with it.", "3"),
        Y.Key("alpha", Y.Number(min: 0, max: 1), TrackerOnly + "alpha-beta filter position gain.", "0.5"),
        Y.Key("beta", Y.Number(min: 0, max: 2), TrackerOnly + "alpha-beta filter velocity gain.", "0.2"),
        Y.Key("confirm_hits", Y.Integer(1), TrackerOnly + "hits before a track is reported.", "3"),
        Y.Key("max_misses", Y.Integer(0), TrackerOnly + "consecutive misses a confirmed track survives.", "2"),
    ];

    /// <summary>Reads the radar keys of a sensor entry; errors go to the file's error list.</summary>
    public static RadarParameters? Read(MapReader m, string label)
    {
        var d = new RadarParameters();
        int errors = m.Context.Errors.Count;
        RadarOutput output = d.Output;
        if (m.Get("output") is { } on && m.Context.Scalar(on, "'output'") is { } ot)
        {
            switch (ot)
            {
                case "detections": output = RadarOutput.Detections; break;
                case "objects": output = RadarOutput.Objects; break;
                default: m.Context.Error(on, $"'output' must be 'detections' or 'objects', not '{ot}'"); break;
            }
        }
        double[] rcs = (double[])d.RcsByKind.Clone();
        if (m.Map("rcs") is { } rm)
        {
            foreach ((string word, EntityKind kind) in KindWords)
            {
                rcs[(int)kind] = rm.Double(word, rcs[(int)kind]);
            }
            rm.Finish($"'rcs' of {label}");
        }
        var p = new RadarParameters
        {
            Output = output,
            MinRange = m.NonNegative("min_range") ?? d.MinRange,
            MaxRange = m.Positive("max_range") ?? d.MaxRange,
            AzimuthFov = Deg * Bounded(m, "azimuth_fov_deg", d.AzimuthFov / Deg, 1e-3, 360),
            ElevationFov = Deg * Bounded(m, "elevation_fov_deg", d.ElevationFov / Deg, 1e-3, 180),
            ReferenceSnrDb = m.Double("reference_snr_db", d.ReferenceSnrDb),
            ReferenceRange = m.Positive("reference_range") ?? d.ReferenceRange,
            ReferenceRcsDbsm = m.Double("reference_rcs_dbsm", d.ReferenceRcsDbsm),
            NoiseFigureDb = m.NonNegative("noise_figure_db") ?? d.NoiseFigureDb,
            FalseAlarmProbability = Probability(m, "false_alarm_probability", d.FalseAlarmProbability),
            FalseAlarmsPerCycle = Bounded(m, "false_alarms_per_cycle", d.FalseAlarmsPerCycle, 0, 100),
            MaxDetections = Count(m, "max_detections", d.MaxDetections, 1),
            RangeResolution = m.NonNegative("range_resolution") ?? d.RangeResolution,
            RangeAccuracy = m.NonNegative("range_accuracy") ?? d.RangeAccuracy,
            AzimuthResolution = Deg * (m.NonNegative("azimuth_resolution_deg") ?? d.AzimuthResolution / Deg),
            AzimuthAccuracy = Deg * (m.NonNegative("azimuth_accuracy_deg") ?? d.AzimuthAccuracy / Deg),
            ElevationResolution = Deg * (m.NonNegative("elevation_resolution_deg") ?? d.ElevationResolution / Deg),
            ElevationAccuracy = Deg * (m.NonNegative("elevation_accuracy_deg") ?? d.ElevationAccuracy / Deg),
            VelocityResolution = m.NonNegative("velocity_resolution") ?? d.VelocityResolution,
            VelocityAccuracy = m.NonNegative("velocity_accuracy") ?? d.VelocityAccuracy,
            MaxVelocity = m.Positive("max_velocity") ?? d.MaxVelocity,
            RcsByKind = rcs,
            SideGainDb = m.Double("side_gain_db", d.SideGainDb),
            ClusterDistance = m.Positive("cluster_distance") ?? d.ClusterDistance,
            Gate = m.Positive("gate") ?? d.Gate,
            Alpha = Bounded(m, "alpha", d.Alpha, 0, 1),
            Beta = Bounded(m, "beta", d.Beta, 0, 2),
            ConfirmHits = Count(m, "confirm_hits", d.ConfirmHits, 1),
            MaxMisses = Count(m, "max_misses", d.MaxMisses, 0),
        };
        if (p.MinRange >= p.MaxRange && m.Get("min_range") is { } mn)
        {
            m.Context.Error(mn, $"'min_range' ({p.MinRange} m) must be less than 'max_range' ({p.MaxRange} m)");
        }
        if (output == RadarOutput.Detections)
        {
            foreach (string k in new[] { "cluster_distance", "gate", "alpha", "beta", "confirm_hits", "max_misses" })
            {
                if (m.Get(k) is { } n)
                {
                    m.Context.Error(n, $"'{k}' configures the object tracker: it needs 'output: objects'");
                }
            }
        }
        return m.Context.Errors.Count == errors ? p : null;
    }

    private const double Deg = Math.PI / 180;

    private static double Bounded(MapReader m, string key, double fallback, double min, double max)
    {
        if (m.Get(key) is not { } n)
        {
            return fallback;
        }
        double? v = m.Context.Double(n, $"'{key}'");
        if (v is { } x && (x < min || x > max))
        {
            m.Context.Error(n, $"'{key}' must be between {min} and {max}, not {x}");
            return fallback;
        }
        return v ?? fallback;
    }

    private static double Probability(MapReader m, string key, double fallback)
    {
        if (m.Get(key) is not { } n)
        {
            return fallback;
        }
        double? v = m.Context.Double(n, $"'{key}'");
        if (v is { } x && (x <= 0 || x >= 1))
        {
            m.Context.Error(n, $"'{key}' must be between 0 and 1 (exclusive), not {x}");
            return fallback;
        }
        return v ?? fallback;
    }

    private static int Count(MapReader m, string key, int fallback, int min)
    {
        if (m.Get(key) is not { } n)
        {
            return fallback;
        }
        int? v = m.Context.Int(n, $"'{key}'");
        if (v is { } x && x < min)
        {
            m.Context.Error(n, $"'{key}' must be at least {min}, not {x}");
            return fallback;
        }
        return v ?? fallback;
    }
}
