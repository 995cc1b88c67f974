using System.Text;
using System.Text.Json;
using SensorModels.Lidar.Packets;

namespace SensorModels.Lidar.Wire;

/// <summary>
/// The metadata JSON an Ouster sensor serves at /api/v1/sensor/metadata (firmware 2.4+ layout, the
/// one Ouster's SDK and <see cref="OusterSensorInfo"/> read) for a simulated lidar: its beams as
/// beam_intrinsics (row 0 the highest; no beam azimuth offsets; beam origin at the lidar origin),
/// identity lidar-to-sensor and IMU-to-sensor transforms (the sensor frame is the rig's lidar frame),
/// lidar_data_format and config_params of what is sent.
/// </summary>
internal static class OusterMetadata
{
    /// <summary>The firmware named: the 3.x packet layout (CRC-64 footer) is what is written.</summary>
    public const string Firmware = "v3.0.1";

    public static string Json(LidarConfig config, LidarWireConfig wire, double rateHz)
    {
        int h = config.Channels, w = config.Columns;
        int[] rows = OusterWireEncoder.RowRings(config.Elevations);
        string profile = OusterDataFormat.Name(wire.Profile);
        double[] identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
        using var stream = new MemoryStream();
        using (var j = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            j.WriteStartObject();
            j.WriteStartObject("sensor_info");
            j.WriteString("prod_line", $"OS-1-{h}");
            j.WriteString("prod_pn", "simulated");
            j.WriteString("prod_sn", wire.SerialNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
            j.WriteString("build_rev", Firmware);
            j.WriteString("image_rev", "");
            j.WriteString("build_date", "");
            j.WriteString("status", "RUNNING");
            j.WriteNumber("initialization_id", OusterWireEncoder.InitId);
            j.WriteEndObject();
            j.WriteStartObject("config_params");
            j.WriteString("lidar_mode", LidarWireConfig.OusterMode(w, rateHz));
            j.WriteNumber("udp_port_lidar", wire.Port);
            j.WriteNumber("udp_port_imu", wire.ImuPort);
            j.WriteString("udp_profile_lidar", profile);
            j.WriteString("udp_profile_imu", "LEGACY");
            j.WriteNumber("columns_per_packet", OusterWireEncoder.ColumnsPerPacket);
            j.WriteStartArray("azimuth_window");
            j.WriteNumberValue(0);
            j.WriteNumberValue(360000);
            j.WriteEndArray();
            j.WriteString("timestamp_mode", "TIME_FROM_PTP_1588");
            j.WriteString("operating_mode", "NORMAL");
            j.WriteString("multipurpose_io_mode", "OFF");
            j.WriteString("nmea_in_polarity", "ACTIVE_HIGH");
            j.WriteString("nmea_baud_rate", "BAUD_9600");
            j.WriteEndObject();
            j.WriteStartObject("beam_intrinsics");
            Numbers(j, "beam_altitude_angles", rows.Select(r => config.Elevations[r] * 180 / Math.PI));
            Numbers(j, "beam_azimuth_angles", new double[h]);
            j.WriteNumber("lidar_origin_to_beam_origin_mm", 0);
            Numbers(j, "beam_to_lidar_transform", identity);
            j.WriteEndObject();
            j.WriteStartObject("imu_intrinsics");
            Numbers(j, "imu_to_sensor_transform", identity);
            j.WriteEndObject();
            j.WriteStartObject("lidar_intrinsics");
            Numbers(j, "lidar_to_sensor_transform", identity);
            j.WriteEndObject();
            j.WriteStartObject("lidar_data_format");
            j.WriteNumber("pixels_per_column", h);
            j.WriteNumber("columns_per_packet", OusterWireEncoder.ColumnsPerPacket);
            j.WriteNumber("columns_per_frame", w);
            Numbers(j, "column_window", [0, w - 1]);
            Numbers(j, "pixel_shift_by_row", new double[h]);
            j.WriteString("udp_profile_lidar", profile);
            j.WriteString("udp_profile_imu", "LEGACY");
            j.WriteNumber("fps", rateHz);
            j.WriteEndObject();
            j.WriteStartObject("calibration_status");
            j.WriteStartObject("reflectivity");
            j.WriteBoolean("valid", false);
            j.WriteString("timestamp", "");
            j.WriteEndObject();
            j.WriteEndObject();
            j.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Numbers(Utf8JsonWriter j, string name, IEnumerable<double> values)
    {
        j.WriteStartArray(name);
        foreach (double v in values)
        {
            j.WriteNumberValue(v);
        }
        j.WriteEndArray();
    }
}
