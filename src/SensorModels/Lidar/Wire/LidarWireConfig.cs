using SensorModels.Lidar.Packets;
using SimCore.Scenarios.Yaml;

namespace SensorModels.Lidar.Wire;

/// <summary>
/// A lidar's <c>wire:</c> entry (docs/sensors/lidar-wire.md): the sensor whose packets it sends,
/// and the geometry that sensor imposes on the simulated rays, so that a vendor decoder turns the
/// packets back into the points the model computed. Both vendors spin clockwise seen from above:
/// column k of C lies at -2 pi k / C (counter-clockwise angle) and fires at k / C of the sweep.
/// </summary>
internal sealed class LidarWireConfig
{
    /// <summary>Lidar modes an Ouster sensor offers (columns x rotations per second).</summary>
    private static readonly (int Columns, int Hz)[] OusterModes = [(512, 10), (512, 20), (1024, 10), (1024, 20), (2048, 10), (4096, 5)];

    /// <summary>The keys of a lidar's <c>wire</c> mapping.</summary>
    public static readonly YamlObject Shape = new("lidar_wire", "The sensor whose own packets the lidar sends (docs/sensors/lidar-wire.md).",
        Y.Required("format", Y.Word(["ouster", "vlp32c", "vls128"]), "Ouster OS packets, or Velodyne VLP-32C / VLS-128 data and position packets."),
        Y.Key("profile", Y.Word(["LEGACY", "RNG19_RFL8_SIG16_NIR16"]), "Ouster lidar packet profile (udp_profile_lidar).", "RNG19_RFL8_SIG16_NIR16"),
        Y.Key("port", Y.Integer(1, 65535), "UDP port of the lidar data packets.", "7502 (Ouster), 2368 (Velodyne)"),
        Y.Key("imu_port", Y.Integer(1, 65535), "Ouster: udp_port_imu written in the metadata (no IMU packets are sent).", "7503"),
        Y.Key("position_port", Y.Integer(1, 65535), "Velodyne: UDP port of the position packets.", "8308"),
        Y.Key("gnss", Y.Text(), "Velodyne: the rig's gnss sensor whose $GPRMC the position packets echo.", "the rig's only gnss sensor, if it has one"),
        Y.Key("serial_number", Y.Integer(0, 999_999_999_999), "Ouster: prod_sn in the metadata and the packet header.", "0"),
        Y.Key("azimuth_offsets_deg", Y.List(Y.Number("deg"), 1), "Velodyne: per-laser azimuth offset (rot correction), clockwise, laser id order.", "VLP-32C: the manual's table; VLS-128: 0"));

    /// <summary>The sensor.</summary>
    public LidarWireFormat Format { get; init; }

    /// <summary>Ouster lidar profile.</summary>
    public OusterProfile Profile { get; init; } = OusterProfile.Rng19Rfl8Sig16Nir16;

    /// <summary>Data port.</summary>
    public int Port { get; init; }

    /// <summary>Ouster IMU port named in the metadata.</summary>
    public int ImuPort { get; init; } = 7503;

    /// <summary>Velodyne position packet port.</summary>
    public int PositionPort { get; init; } = 8308;

    /// <summary>The gnss sensor a Velodyne's position packets echo, or null for the rig's only one.</summary>
    public string? Gnss { get; init; }

    /// <summary>Ouster serial number.</summary>
    public ulong SerialNumber { get; init; }

    /// <summary>Velodyne per-laser azimuth offsets (deg, clockwise), laser id order.</summary>
    public double[] AzimuthOffsetsDeg { get; init; } = [];

    /// <summary>The Velodyne model, or null for Ouster.</summary>
    public VelodyneModel? Velodyne => Format switch
    {
        LidarWireFormat.Vlp32C => VelodyneModel.Vlp32C,
        LidarWireFormat.Vls128 => VelodyneModel.Vls128,
        _ => null,
    };

    /// <summary>Ouster lidar mode name, e.g. "1024x10".</summary>
    public static string OusterMode(int columns, double rateHz) => $"{columns}x{rateHz:0}";

    /// <summary>Columns per rotation of a Velodyne at <paramref name="rateHz"/>: one per firing sequence, the nearest whole number.</summary>
    public static int VelodyneColumns(VelodyneModel model, double rateHz) => (int)Math.Round(1e6 / (rateHz * VelodyneModels.SequenceUs(model)));

    /// <summary>
    /// Reads the <c>wire</c> mapping <paramref name="w"/> of lidar <paramref name="m"/> and checks that
    /// the lidar is one such a sensor can be; null after errors were recorded.
    /// </summary>
    public static LidarWireConfig? Read(MapReader m, MapReader w, string label, double rateHz)
    {
        YamlContext ctx = m.Context;
        int errors = ctx.Errors.Count;
        string format = w.RequiredString("format", $"{label}'s 'wire'") ?? "ouster";
        LidarWireFormat f = format switch
        {
            "ouster" => LidarWireFormat.Ouster,
            "vlp32c" => LidarWireFormat.Vlp32C,
            "vls128" => LidarWireFormat.Vls128,
            _ => LidarWireFormat.Ouster,
        };
        if (format is not ("ouster" or "vlp32c" or "vls128"))
        {
            ctx.Error(w.Get("format")!, $"{label}: wire 'format' must be ouster, vlp32c or vls128, not '{format}'");
        }
        bool ouster = f == LidarWireFormat.Ouster;
        void OnlyFor(string key, bool allowed, string who)
        {
            if (!allowed && w.Get(key) is { } n)
            {
                ctx.Error(n, $"{label}: wire '{key}' is for {who} formats only");
            }
        }
        OnlyFor("profile", ouster, "the ouster");
        OnlyFor("imu_port", ouster, "the ouster");
        OnlyFor("serial_number", ouster, "the ouster");
        OnlyFor("position_port", !ouster, "the Velodyne");
        OnlyFor("gnss", !ouster, "the Velodyne");
        OnlyFor("azimuth_offsets_deg", !ouster, "the Velodyne");
        if (m.String("pattern") is "solid_state")
        {
            ctx.Error(m.Get("pattern")!, $"{label}: a lidar with 'wire' is a spinning sensor, not solid_state");
        }
        if (m.String("firing") is "sequential" && ouster)
        {
            ctx.Error(m.Get("firing")!, $"{label}: an Ouster fires a column's pixels together and stamps the column once: 'firing' must be simultaneous");
        }
        OusterProfile profile = w.String("profile") is { } p ? OusterDataFormat.Parse(p) ?? OusterProfile.Rng19Rfl8Sig16Nir16 : OusterProfile.Rng19Rfl8Sig16Nir16;
        if (w.String("profile") is { } pn && pn is not ("LEGACY" or "RNG19_RFL8_SIG16_NIR16"))
        {
            ctx.Error(w.Get("profile")!, $"{label}: wire 'profile' must be LEGACY or RNG19_RFL8_SIG16_NIR16, not '{pn}'");
        }
        VelodyneModel? model = f switch { LidarWireFormat.Vlp32C => VelodyneModel.Vlp32C, LidarWireFormat.Vls128 => VelodyneModel.Vls128, _ => null };
        if (ouster)
        {
            int channels = m.List("elevations_deg") is { Count: > 0 } l ? l.Count : m.Int("channels") ?? 32;
            if (channels is not (16 or 32 or 64 or 128))
            {
                ctx.Error(m.Get("channels") ?? m.Get("elevations_deg") ?? m.Node, $"{label}: an Ouster sensor has 16, 32, 64 or 128 beams, not {channels}");
            }
            int columns = m.Int("azimuth_steps") ?? (m.Positive("horizontal_resolution_deg") is { } res ? (int)Math.Round(360 / res) : 1024);
            if (!OusterModes.Any(x => x.Columns == columns && x.Hz == rateHz))
            {
                ctx.Error(m.Get("azimuth_steps") ?? m.Get("rate") ?? m.Node,
                    $"{label}: {columns} columns at {rateHz} Hz is not an Ouster lidar mode (512x10, 512x20, 1024x10, 1024x20, 2048x10, 4096x5: azimuth_steps x rate)");
            }
        }
        else
        {
            foreach (string key in new[] { "channels", "fov_up_deg", "fov_down_deg", "azimuth_steps", "horizontal_resolution_deg", "firing" })
            {
                if (m.Get(key) is { } n)
                {
                    ctx.Error(n, $"{label}: a {format} fires its lasers as its manual says: '{key}' does not apply (the columns follow from 'rate')");
                }
            }
            if (rateHz < 5 || rateHz > 20)
            {
                ctx.Error(m.Get("rate") ?? m.Node, $"{label}: a Velodyne spins at 300 to 1200 rpm: 'rate' must be 5 to 20 Hz, not {rateHz}");
            }
            int lasers = VelodyneModels.Lasers(model!.Value);
            int given = m.List("elevations_deg").Count;
            if (model == VelodyneModel.Vlp32C && given > 0)
            {
                ctx.Error(m.Get("elevations_deg")!, $"{label}: a vlp32c's laser elevations are the manual's (table 9-2): leave out 'elevations_deg'");
            }
            if (model == VelodyneModel.Vls128 && given != lasers)
            {
                ctx.Error(m.Get("elevations_deg") ?? m.Node, $"{label}: a vls128 needs its unit's 128 laser elevations in 'elevations_deg' (laser id order), not {given}");
            }
            if (w.List("azimuth_offsets_deg") is { Count: > 0 } offs && offs.Count != lasers)
            {
                ctx.Error(w.Get("azimuth_offsets_deg")!, $"{label}: 'azimuth_offsets_deg' needs {lasers} values (one per laser), not {offs.Count}");
            }
        }
        double[] offsets = w.List("azimuth_offsets_deg").Select(n => ctx.Double(n, "an azimuth offset") ?? 0).ToArray();
        if (offsets.Length == 0 && model is { } vm)
        {
            offsets = VelodyneCalibration.BuiltIn(vm)?.AzimuthOffsetsDeg.ToArray() ?? new double[VelodyneModels.Lasers(vm)];
        }
        var config = new LidarWireConfig
        {
            Format = f,
            Profile = profile,
            Port = w.Int("port") ?? (ouster ? 7502 : 2368),
            ImuPort = w.Int("imu_port") ?? 7503,
            PositionPort = w.Int("position_port") ?? 8308,
            Gnss = w.String("gnss"),
            SerialNumber = (ulong)Math.Max(0L, (long)(w.Double("serial_number") ?? 0)),
            AzimuthOffsetsDeg = offsets,
        };
        w.Finish($"{label}'s 'wire'");
        return ctx.Errors.Count > errors ? null : config;
    }

    /// <summary>
    /// The Velodyne elevations (rad, laser id order) the model fires at: the manual's for a VLP-32C,
    /// the rig's for a VLS-128.
    /// </summary>
    public double[] VelodyneElevations(double[] fromRig)
        => Velodyne == VelodyneModel.Vlp32C ? VelodyneCalibration.BuiltIn(VelodyneModel.Vlp32C)!.ElevationsDeg.Select(e => e * Math.PI / 180).ToArray() : fromRig;

    /// <summary>
    /// Per laser, when it fires within its column (a fraction of the column's slot: the manual's
    /// firing time over the firing sequence), and its azimuth offset (rad, counter-clockwise): the
    /// head's turn by that fraction of a column plus the laser's own offset, both clockwise.
    /// </summary>
    public (double[] Fractions, double[] Azimuths) VelodyneChannels(int columns)
    {
        VelodyneModel model = Velodyne!.Value;
        int n = VelodyneModels.Lasers(model);
        var fractions = new double[n];
        var azimuths = new double[n];
        for (int l = 0; l < n; l++)
        {
            fractions[l] = VelodyneModels.LaserTimeUs(model, l) / VelodyneModels.SequenceUs(model);
            azimuths[l] = -(fractions[l] * 2 * Math.PI / columns) - AzimuthOffsetsDeg[l] * Math.PI / 180;
        }
        return (fractions, azimuths);
    }
}
