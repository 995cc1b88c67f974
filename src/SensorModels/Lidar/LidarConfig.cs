using SimCore.Scenarios.Yaml;

namespace SensorModels.Lidar;

/// <summary>How a lidar's rays are laid out (docs/sensors/lidar.md).</summary>
internal enum LidarPattern
{
    /// <summary>A rotating head: channels at fixed elevations, one column per azimuth step, one turn per sweep.</summary>
    Spinning,
    /// <summary>A fixed grid scanned column by column over the frame.</summary>
    SolidState,
}

/// <summary>When the channels of one column fire.</summary>
internal enum FiringOrder
{
    /// <summary>All channels at the column's time.</summary>
    Simultaneous,
    /// <summary>Channel by channel (ring 0 first), evenly over the column's time slot.</summary>
    Sequential,
}

/// <summary>A lidar's parameters (rig keys in docs/sensors/lidar.md; angles in degrees in the file, radians here).</summary>
internal sealed class LidarConfig
{
    public LidarPattern Pattern { get; init; } = LidarPattern.Spinning;

    /// <summary>Elevation of every channel (rad), ring 0 first.</summary>
    public double[] Elevations { get; init; } = [];

    /// <summary>Azimuth of every column (rad, counter-clockwise from the sensor's x axis), in firing order.</summary>
    public double[] Azimuths { get; init; } = [];

    public FiringOrder Firing { get; init; } = FiringOrder.Simultaneous;

    /// <summary>Per channel, an azimuth offset added to the column's (rad); empty: none.</summary>
    public double[] ChannelAzimuths { get; init; } = [];

    /// <summary>Per channel, when it fires within its column's slot (fraction of the slot); empty: by <see cref="Firing"/>.</summary>
    public double[] ChannelFireFractions { get; init; } = [];

    /// <summary>The sensor whose packets the lidar sends, or null (docs/sensors/lidar-wire.md).</summary>
    public SensorModels.Lidar.Wire.LidarWireConfig? Wire { get; init; }
    public double MinRange { get; init; } = 0.3;
    public double MaxRange { get; init; } = 200;

    /// <summary>Gaussian range noise sigma (m).</summary>
    public double RangeNoise { get; init; } = 0.02;

    /// <summary>Probability that any return is lost regardless of intensity.</summary>
    public double Dropout { get; init; }

    /// <summary>Intensity at which half the returns are lost (0: no intensity-dependent dropout).</summary>
    public double IntensityThreshold { get; init; } = 5e-4;

    /// <summary>Range up to which intensity is not reduced by the 1/r^2 law (m).</summary>
    public double ReferenceRange { get; init; } = 10;

    /// <summary>Atmospheric extinction coefficient alpha (1/m): two-way factor exp(-2 alpha r).</summary>
    public double Attenuation { get; init; }

    /// <summary>Also report each point in the sensor frame at the end of the sweep.</summary>
    public bool MotionCompensated { get; init; }

    /// <summary>Outputs per sweep (azimuth packets).</summary>
    public int Packets { get; init; } = 1;

    /// <summary>Entity poses are re-interpolated this many times per sweep (blocks of columns).</summary>
    public int MotionBlocks { get; init; } = 32;

    /// <summary>Worker threads for the ray loop (output does not depend on it).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    public int Channels => Elevations.Length;
    public int Columns => Azimuths.Length;

    /// <summary>Uniform elevations from -down to +up (degrees), ring 0 lowest.</summary>
    public static double[] Uniform(int count, double downDeg, double upDeg)
    {
        var e = new double[count];
        for (int i = 0; i < count; i++)
        {
            double f = count == 1 ? 0.5 : i / (double)(count - 1);
            e[i] = (-downDeg + (upDeg + downDeg) * f) * Math.PI / 180;
        }
        return e;
    }

    /// <summary>Spinning azimuths: step k at k * 360 / steps degrees (counter-clockwise, or clockwise as the vendors' heads turn).</summary>
    public static double[] Turn(int steps, bool clockwise = false)
    {
        var a = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            a[i] = (clockwise ? -2 : 2) * Math.PI * i / steps;
        }
        return a;
    }

    private static readonly YamlKey[] Shared =
    [
        Y.Key("firing", Y.Word(["simultaneous", "sequential"]), "When the channels of a column fire: all at once, or ring by ring within the column's slot.", "simultaneous"),
        Y.Key("min_range", Y.NonNegative("m"), "Nearest return.", "0.3"),
        Y.Key("max_range", Y.Positive("m"), "Farthest return.", "200"),
        Y.Key("range_noise", Y.NonNegative("m"), "Gaussian range noise sigma.", "0.02"),
        Y.Key("dropout", Y.Number(min: 0, max: 1), "Probability of losing any return.", "0"),
        Y.Key("intensity_threshold", Y.NonNegative(), "Intensity at which half the returns are lost (0: off).", "0.0005"),
        Y.Key("reference_range", Y.Positive("m"), "Intensity falls as 1/r^2 beyond it.", "10"),
        Y.Key("attenuation", Y.NonNegative("1/m"), "Atmospheric extinction alpha: two-way factor exp(-2 alpha r).", "0"),
        Y.Key("motion_compensated", Y.Flag(), "Also report each point in the sensor frame at the end of the sweep.", "false"),
        Y.Key("packets", Y.Integer(1), "Outputs per sweep (azimuth packets).", "1"),
        Y.Key("motion_blocks", Y.Integer(1), "Entity poses are re-interpolated this many times per sweep.", "32"),
        Y.Key("threads", Y.Integer(), "Ray-loop workers; outputs do not depend on it.", "all cores"),
    ];

    private static readonly YamlKey WireKey = Y.Key("wire", SensorModels.Lidar.Wire.LidarWireConfig.Shape, "Send the packets of a real sensor (Ouster, VLP-32C, VLS-128); its geometry applies (docs/sensors/lidar-wire.md).");

    /// <summary>A spinning lidar's own keys (docs/sensors/lidar.md).</summary>
    public static readonly YamlKey[] SpinningKeys =
    [
        Y.Key("pattern", Y.Word(["spinning"]), "A rotating head.", "spinning"),
        Y.Key("channels", Y.Integer(1, 65535), "Uniform channels from -fov_down_deg to +fov_up_deg.", "32"),
        Y.Key("fov_up_deg", Y.Number("deg"), "Highest channel's elevation.", "15"),
        Y.Key("fov_down_deg", Y.Number("deg"), "Lowest channel's depression.", "25"),
        Y.Key("elevations_deg", Y.List(Y.Number("deg"), 1), "Explicit channel elevations, ring 0 first (instead of channels and the FOVs)."),
        Y.Key("azimuth_steps", Y.Integer(1, 65535), "Columns per turn.", "1024"),
        Y.Key("horizontal_resolution_deg", Y.Positive("deg"), "Columns per turn as 360 / this (instead of azimuth_steps)."),
        WireKey,
        .. Shared,
    ];

    /// <summary>A solid-state lidar's own keys: a fixed grid centred on the x axis.</summary>
    public static readonly YamlKey[] SolidStateKeys =
    [
        Y.Required("pattern", Y.Word(["solid_state"]), "A fixed grid scanned column by column."),
        Y.Key("horizontal_fov_deg", Y.Positive("deg"), "Horizontal field of view.", "120"),
        Y.Key("vertical_fov_deg", Y.Positive("deg"), "Vertical field of view.", "25"),
        Y.Key("horizontal_resolution_deg", Y.Positive("deg"), "Column spacing.", "0.2"),
        Y.Key("vertical_resolution_deg", Y.Positive("deg"), "Row spacing.", "0.2"),
        .. Shared,
    ];

    /// <summary>Reads the lidar keys of a rig entry; null after errors were recorded.</summary>
    public static LidarConfig? Read(MapReader m, string label, double rateHz = 10)
    {
        var ctx = m.Context;
        int errors = ctx.Errors.Count;
        SensorModels.Lidar.Wire.LidarWireConfig? wire = m.Map("wire") is { } wm ? SensorModels.Lidar.Wire.LidarWireConfig.Read(m, wm, label, rateHz) : null;
        if (m.Has("wire") && wire is null)
        {
            return null;
        }
        string pattern = m.String("pattern") ?? "spinning";
        double[] elevations;
        double[] azimuths;
        if (pattern == "solid_state")
        {
            m.Use(Rig.SensorTypes.SolidStateLidar);
        }
        if (pattern == "spinning")
        {
            IReadOnlyList<YamlDotNet.RepresentationModel.YamlNode> list = m.List("elevations_deg");
            if (list.Count > 0)
            {
                elevations = list.Select(n => (ctx.Double(n, "an elevation") ?? 0) * Math.PI / 180).ToArray();
                if (m.Has("channels") && m.Int("channels") != list.Count)
                {
                    ctx.Error(m.Get("channels")!, $"{label}: 'channels' ({m.Int("channels")}) differs from the number of 'elevations_deg' ({list.Count})");
                }
            }
            else
            {
                int channels = m.Int("channels") ?? 32;
                double up = m.Double("fov_up_deg", 15), down = m.Double("fov_down_deg", 25);
                if (channels < 1 || channels > 65535)
                {
                    ctx.Error(m.Get("channels") ?? m.Node, $"{label}: 'channels' must be 1..65535");
                    channels = 1;
                }
                if (up + down < 0)
                {
                    ctx.Error(m.Node, $"{label}: 'fov_up_deg' + 'fov_down_deg' must not be negative");
                }
                elevations = Uniform(channels, down, up);
            }
            int steps = m.Int("azimuth_steps") ?? 0;
            if (m.Positive("horizontal_resolution_deg") is { } res)
            {
                if (steps > 0)
                {
                    ctx.Error(m.Get("horizontal_resolution_deg")!, $"{label}: give either 'azimuth_steps' or 'horizontal_resolution_deg', not both");
                }
                steps = (int)Math.Round(360 / res);
            }
            if (steps == 0)
            {
                steps = 1024;
            }
            if (steps < 1 || steps > 65535)
            {
                ctx.Error(m.Get("azimuth_steps") ?? m.Node, $"{label}: azimuth steps must be 1..65535, not {steps}");
                steps = 1;
            }
            azimuths = Turn(steps, clockwise: wire is not null);
        }
        else if (pattern == "solid_state")
        {
            double hfov = m.Positive("horizontal_fov_deg") ?? 120, vfov = m.Positive("vertical_fov_deg") ?? 25;
            double hres = m.Positive("horizontal_resolution_deg") ?? 0.2, vres = m.Positive("vertical_resolution_deg") ?? 0.2;
            int cols = (int)Math.Round(hfov / hres) + 1, rows = (int)Math.Round(vfov / vres) + 1;
            if (cols > 65535 || rows > 65535)
            {
                ctx.Error(m.Node, $"{label}: the grid is too large ({cols} x {rows})");
                cols = rows = 1;
            }
            elevations = Uniform(rows, vfov / 2, vfov / 2);
            azimuths = new double[cols];
            for (int i = 0; i < cols; i++)
            {
                // Scanned from left (+hfov/2) to right.
                azimuths[i] = (hfov / 2 - hfov * (cols == 1 ? 0.5 : i / (double)(cols - 1))) * Math.PI / 180;
            }
        }
        else
        {
            ctx.Error(m.Get("pattern")!, $"{label}: 'pattern' must be spinning or solid_state, not '{pattern}'");
            return null;
        }
        string firing = m.String("firing") ?? "simultaneous";
        if (firing is not ("simultaneous" or "sequential"))
        {
            ctx.Error(m.Get("firing")!, $"{label}: 'firing' must be simultaneous or sequential, not '{firing}'");
        }
        double min = m.NonNegative("min_range") ?? 0.3, max = m.Positive("max_range") ?? 200;
        if (max <= min)
        {
            ctx.Error(m.Get("max_range") ?? m.Node, $"{label}: 'max_range' ({max}) must exceed 'min_range' ({min})");
        }
        double dropout = m.NonNegative("dropout") ?? 0;
        if (dropout > 1)
        {
            ctx.Error(m.Get("dropout")!, $"{label}: 'dropout' is a probability (0..1), not {dropout}");
        }
        int packets = m.Int("packets") ?? 1;
        if (packets < 1 || packets > azimuths.Length)
        {
            ctx.Error(m.Get("packets") ?? m.Node, $"{label}: 'packets' must be 1..{azimuths.Length} (the number of columns)");
        }
        int blocks = m.Int("motion_blocks") ?? 32;
        if (blocks < 1)
        {
            ctx.Error(m.Get("motion_blocks")!, $"{label}: 'motion_blocks' must be at least 1");
        }
        double[] channelAzimuths = [], fractions = [];
        if (wire?.Velodyne is not null)
        {
            elevations = wire.VelodyneElevations(elevations);
            azimuths = Turn(SensorModels.Lidar.Wire.LidarWireConfig.VelodyneColumns(wire.Velodyne.Value, rateHz), clockwise: true);
            (fractions, channelAzimuths) = wire.VelodyneChannels(azimuths.Length);
            packets = Math.Min(packets, azimuths.Length);
        }
        var config = new LidarConfig
        {
            Pattern = pattern == "spinning" ? LidarPattern.Spinning : LidarPattern.SolidState,
            ChannelAzimuths = channelAzimuths,
            ChannelFireFractions = fractions,
            Wire = wire,
            Elevations = elevations,
            Azimuths = azimuths,
            Firing = firing == "sequential" ? FiringOrder.Sequential : FiringOrder.Simultaneous,
            MinRange = min,
            MaxRange = max,
            RangeNoise = m.NonNegative("range_noise") ?? 0.02,
            Dropout = dropout,
            IntensityThreshold = m.NonNegative("intensity_threshold") ?? 5e-4,
            ReferenceRange = m.Positive("reference_range") ?? 10,
            Attenuation = m.NonNegative("attenuation") ?? 0,
            MotionCompensated = m.Bool("motion_compensated") ?? false,
            Packets = Math.Clamp(packets, 1, Math.Max(1, azimuths.Length)),
            MotionBlocks = Math.Clamp(blocks, 1, Math.Max(1, azimuths.Length)),
            Threads = m.Int("threads") is { } t && t > 0 ? t : Environment.ProcessorCount,
        };
        return ctx.Errors.Count > errors ? null : config;
    }
}
