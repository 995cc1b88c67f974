using System.Globalization;
using System.Text.Json;
using SimCore.Diagnostics;

namespace SensorModels.Lidar.Packets;

/// <summary>
/// An Ouster sensor's metadata JSON: identity, data format, beam intrinsics and the transforms
/// between the beams, the lidar and the sensor frame. Reads both layouts the sensors and the SDK
/// write: the flat one of firmware 1.x-2.x (<c>beam_altitude_angles</c>, <c>data_format</c>...) and
/// the nested one of firmware 2.4+ / SDK 0.9+ (<c>beam_intrinsics</c>, <c>lidar_data_format</c>,
/// <c>config_params</c>...).
/// </summary>
public sealed class OusterSensorInfo
{
    /// <summary>Product line, e.g. "OS-1-64".</summary>
    public string ProductLine { get; private init; } = "";

    /// <summary>Serial number.</summary>
    public string SerialNumber { get; private init; } = "";

    /// <summary>Firmware (build_rev).</summary>
    public string Firmware { get; private init; } = "";

    /// <summary>Lidar mode, e.g. "1024x10".</summary>
    public string Mode { get; private init; } = "";

    /// <summary>Rotations per second from the mode (10 for "1024x10").</summary>
    public double FrameRateHz { get; private init; }

    /// <summary>The data format.</summary>
    public OusterDataFormat Format { get; private init; } = null!;

    /// <summary>Beam elevation angles (deg), row 0 first (the highest beam).</summary>
    public IReadOnlyList<double> BeamAltitudesDeg { get; private init; } = [];

    /// <summary>Beam azimuth offsets (deg), row 0 first.</summary>
    public IReadOnlyList<double> BeamAzimuthsDeg { get; private init; } = [];

    /// <summary>Beam to lidar transform, 4x4 row major, translation in mm.</summary>
    public IReadOnlyList<double> BeamToLidar { get; private init; } = [];

    /// <summary>Lidar to sensor transform, 4x4 row major, translation in mm.</summary>
    public IReadOnlyList<double> LidarToSensor { get; private init; } = [];

    /// <summary>IMU to sensor transform, 4x4 row major, translation in mm.</summary>
    public IReadOnlyList<double> ImuToSensor { get; private init; } = [];

    /// <summary>UDP port of lidar packets (0 when the metadata does not say).</summary>
    public int UdpPortLidar { get; private init; }

    /// <summary>UDP port of IMU packets (0 when the metadata does not say).</summary>
    public int UdpPortImu { get; private init; }

    /// <summary>True when the sensor sends no lidar packets (lidar port 0 or profile OFF).</summary>
    public bool LidarOff { get; private init; }

    /// <summary>The lidar profile as the metadata names it.</summary>
    public string LidarProfileName { get; private init; } = "";

    /// <summary>True for the FuSa packet header (32-bit frame id).</summary>
    public bool FusaHeader { get; private init; }

    /// <summary>Reads a metadata file.</summary>
    /// <exception cref="InputException">Missing, not JSON, or without a field the packets need (the message names it).</exception>
    public static OusterSensorInfo Load(string path)
    {
        // Metadata files are a few KB: 16 MiB is far above any.
        string text = InputFiles.ReadText(path, "Ouster metadata", 16 << 20);
        return Parse(path, text);
    }

    /// <summary>Reads metadata text (<paramref name="path"/> names it in errors).</summary>
    /// <exception cref="InputException">Not JSON, or without a field the packets need.</exception>
    public static OusterSensorInfo Parse(string path, string text)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new InputException(new SourceLocation(path, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1), "not valid JSON: " + e.Message.Split(" Path:")[0]);
        }
        using (doc)
        {
            return new Reader(path, doc.RootElement).Read();
        }
    }

    private sealed class Reader(string path, JsonElement root)
    {
        private InputException Bad(string field, string message) => new(new SourceLocation(path, 0, 0), $"{field}: {message}");

        /// <summary>A member by the nested layout's path, or by the flat layout's name.</summary>
        private JsonElement? Find(string nested, string? flat = null)
        {
            JsonElement at = root;
            foreach (string part in nested.Split('.'))
            {
                if (at.ValueKind != JsonValueKind.Object || !at.TryGetProperty(part, out at))
                {
                    at = default;
                    break;
                }
            }
            if (at.ValueKind != JsonValueKind.Undefined)
            {
                return at;
            }
            if (flat is null)
            {
                return null;
            }
            at = root;
            foreach (string part in flat.Split('.'))
            {
                if (at.ValueKind != JsonValueKind.Object || !at.TryGetProperty(part, out at))
                {
                    return null;
                }
            }
            return at;
        }

        private JsonElement Need(string nested, string flat)
            => Find(nested, flat) ?? throw Bad(flat == nested ? nested : $"{nested} (or {flat})", "missing: not an Ouster sensor metadata file, or one without the beam intrinsics and data format");

        private int Int(string nested, string flat, int min, int max)
        {
            JsonElement e = Need(nested, flat);
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int v) || v < min || v > max)
            {
                throw Bad(nested, $"{e} is not a whole number from {min} to {max}");
            }
            return v;
        }

        private double[] Numbers(string nested, string flat, int count)
        {
            JsonElement e = Need(nested, flat);
            if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != count)
            {
                throw Bad(nested, $"expected {count} numbers, found {(e.ValueKind == JsonValueKind.Array ? e.GetArrayLength() + " values" : e.ValueKind.ToString())}");
            }
            var v = new double[count];
            int i = 0;
            foreach (JsonElement x in e.EnumerateArray())
            {
                if (x.ValueKind != JsonValueKind.Number || !double.IsFinite(v[i] = x.GetDouble()))
                {
                    throw Bad($"{nested}[{i}]", $"{x} is not a finite number");
                }
                i++;
            }
            return v;
        }

        private string Str(string nested, string? flat, string fallback)
            => Find(nested, flat) is { ValueKind: JsonValueKind.String } e ? e.GetString()! : Find(nested, flat) is { ValueKind: JsonValueKind.Number } n ? n.ToString() : fallback;

        public OusterSensorInfo Read()
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad("(top level)", "expected a JSON object");
            }
            string mode = Str("config_params.lidar_mode", "lidar_mode", "");
            string[] modeParts = mode.Split('x');
            int modeColumns = modeParts.Length == 2 && int.TryParse(modeParts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int mc) ? mc : 0;
            double rate = modeParts.Length == 2 && double.TryParse(modeParts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double r) && r > 0 ? r : 10;
            int h, perPacket, w;
            double[] window;
            if (Find("lidar_data_format", "data_format") is null)
            {
                // Firmware 1.x-2.0 metadata has no data format: the sensor sent every column, 16 a packet, LEGACY.
                if (modeColumns is not (512 or 1024 or 2048 or 4096))
                {
                    throw Bad("lidar_mode", $"'{mode}' is not 512xN, 1024xN, 2048xN or 4096xN, and there is no data_format to say the image size");
                }
                h = Find("beam_intrinsics.beam_altitude_angles", "beam_altitude_angles") is { ValueKind: JsonValueKind.Array } b ? b.GetArrayLength() : 0;
                if (h is < 1 or > 256)
                {
                    throw Bad("beam_altitude_angles", "missing, or not 1 to 256 beams");
                }
                (perPacket, w, window) = (16, modeColumns, [0, modeColumns - 1]);
            }
            else
            {
                h = Int("lidar_data_format.pixels_per_column", "data_format.pixels_per_column", 1, 256);
                perPacket = Int("lidar_data_format.columns_per_packet", "data_format.columns_per_packet", 1, 64);
                w = Int("lidar_data_format.columns_per_frame", "data_format.columns_per_frame", 1, 4096);
                window = Numbers("lidar_data_format.column_window", "data_format.column_window", 2);
            }
            if (window[0] < 0 || window[0] >= w || window[1] < 0 || window[1] >= w || window.Any(x => x != Math.Floor(x)))
            {
                throw Bad("lidar_data_format.column_window", $"[{window[0]}, {window[1]}] is not two columns of 0 to {w - 1}");
            }
            string profileName = Str("lidar_data_format.udp_profile_lidar", "data_format.udp_profile_lidar", "LEGACY");
            int lidarPort = Find("config_params.udp_port_lidar", "udp_port_lidar") is { ValueKind: JsonValueKind.Number } pl && pl.TryGetInt32(out int lp) ? lp : -1;
            bool lidarOff = lidarPort == 0 || profileName == "OFF";
            OusterProfile profile = OusterDataFormat.Parse(profileName)
                ?? (lidarOff ? OusterProfile.Legacy // the sensor sends no lidar packets: their layout does not matter
                    : throw Bad("udp_profile_lidar", $"'{profileName}' is not a lidar profile this reader knows (LEGACY, RNG19_RFL8_SIG16_NIR16, RNG19_RFL8_SIG16_NIR16_DUAL, RNG15_RFL8_NIR8, FUSA_RNG15_RFL8_NIR8_DUAL)"));
            string imuName = Str("lidar_data_format.udp_profile_imu", "data_format.udp_profile_imu", "LEGACY");
            OusterImuProfile imu = imuName switch
            {
                "LEGACY" => OusterImuProfile.Legacy,
                "ACCEL32_GYRO32_NMEA" => OusterImuProfile.Accel32Gyro32Nmea,
                _ => throw Bad("udp_profile_imu", $"'{imuName}' is not LEGACY or ACCEL32_GYRO32_NMEA"),
            };
            int imuPerPacket = imu == OusterImuProfile.Legacy ? 1
                : Find("imu_data_format.imu_measurements_per_packet") is { ValueKind: JsonValueKind.Number } m && m.TryGetInt32(out int n) && n is > 0 and <= 1024 ? n
                : throw Bad("imu_data_format.imu_measurements_per_packet", "missing or not 1 to 1024 (the ACCEL32_GYRO32_NMEA profile needs it)");
            int[] shift = Find("lidar_data_format.pixel_shift_by_row", "data_format.pixel_shift_by_row") is { ValueKind: JsonValueKind.Array }
                ? Numbers("lidar_data_format.pixel_shift_by_row", "data_format.pixel_shift_by_row", h).Select(x => (int)x).ToArray()
                : new int[h];
            double[] alt = Numbers("beam_intrinsics.beam_altitude_angles", "beam_altitude_angles", h);
            double[] az = Numbers("beam_intrinsics.beam_azimuth_angles", "beam_azimuth_angles", h);
            double originMm = Find("beam_intrinsics.lidar_origin_to_beam_origin_mm", "lidar_origin_to_beam_origin_mm") is { ValueKind: JsonValueKind.Number } o ? o.GetDouble() : 0;
            double[] beamToLidar = Find("beam_intrinsics.beam_to_lidar_transform", "beam_to_lidar_transform") is not null
                ? Numbers("beam_intrinsics.beam_to_lidar_transform", "beam_to_lidar_transform", 16)
                : [1, 0, 0, originMm, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]; // before firmware 2.4: the beam origin on the x axis
            double[] identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
            double[] lidarToSensor = Find("lidar_intrinsics.lidar_to_sensor_transform", "lidar_to_sensor_transform") is not null
                ? Numbers("lidar_intrinsics.lidar_to_sensor_transform", "lidar_to_sensor_transform", 16) : identity;
            double[] imuToSensor = Find("imu_intrinsics.imu_to_sensor_transform", "imu_to_sensor_transform") is not null
                ? Numbers("imu_intrinsics.imu_to_sensor_transform", "imu_to_sensor_transform", 16) : identity;
            string headerType = Str("lidar_data_format.header_type", null, "");
            var format = new OusterDataFormat(h, perPacket, w, (int)window[0], (int)window[1], profile, imu, imuPerPacket, shift);
            if (w % perPacket != 0 && profile != OusterProfile.Legacy)
            {
                throw Bad("lidar_data_format.columns_per_frame", $"{w} columns are not a whole number of packets of {perPacket}");
            }
            return new OusterSensorInfo
            {
                ProductLine = Str("sensor_info.prod_line", "prod_line", ""),
                SerialNumber = Str("sensor_info.prod_sn", "prod_sn", ""),
                Firmware = Str("sensor_info.build_rev", "build_rev", ""),
                Mode = mode,
                FrameRateHz = rate,
                Format = format,
                BeamAltitudesDeg = alt,
                BeamAzimuthsDeg = az,
                BeamToLidar = beamToLidar,
                LidarToSensor = lidarToSensor,
                ImuToSensor = imuToSensor,
                UdpPortLidar = Math.Max(lidarPort, 0),
                LidarOff = lidarOff,
                LidarProfileName = profileName,
                UdpPortImu = Find("config_params.udp_port_imu", "udp_port_imu") is { ValueKind: JsonValueKind.Number } pi && pi.TryGetInt32(out int ip) ? ip : 0,
                FusaHeader = headerType == "FUSA" || profile == OusterProfile.FusaRng15Rfl8Nir8Dual,
            };
        }
    }
}
