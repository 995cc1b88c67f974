using System.Text.Json;
using Osi3;
using SensorModels.Mathematics;
using SensorModels.Rig;
using SensorModels.Runtime;

namespace Osi;

/// <summary>
/// One osi3 <c>SensorView</c> per sensor of the rig, made once: its id, its mounting position in
/// the vehicle frame and its technology's view configuration from the sensor's calibration (the
/// Hello's <c>calibration_json</c>, docs/hil-protocol.md). Time and ground truth are set per state.
/// </summary>
internal static class OsiSensorViews
{
    public static SensorView Create(Sensor sensor, int index)
    {
        SensorDefinition d = sensor.Definition;
        var id = OsiRoadMap.Id(OsiIds.Sensors + (ulong)index);
        MountingPosition mount = Mount(d.Mount);
        var view = new SensorView { SensorId = id, MountingPosition = mount, Timestamp = new Timestamp() };
        using JsonDocument? calibration = sensor.CalibrationJson is { } json ? JsonDocument.Parse(json) : null;
        JsonElement c = calibration?.RootElement ?? default;
        switch (d.Type)
        {
            case "lidar":
            {
                var config = new LidarSensorViewConfiguration { SensorId = id.Clone(), MountingPosition = mount.Clone() };
                double[] elevations = Numbers(c, "elevations_rad"), azimuths = Numbers(c, "azimuths_rad");
                bool spinning = Text(c, "pattern") == "spinning";
                config.FieldOfViewHorizontal = spinning ? 2 * Math.PI : azimuths.Length > 0 ? azimuths.Max() - azimuths.Min() : 0;
                config.FieldOfViewVertical = elevations.Length > 0 ? elevations.Max() - elevations.Min() : 0;
                config.NumberOfRaysVertical = (uint)elevations.Length;
                config.NumberOfRaysHorizontal = (uint)azimuths.Length;
                config.NumOfPixels = (uint)elevations.Length * (uint)azimuths.Length;
                config.MaxNumberOfInteractions = 1;
                view.LidarSensorView.Add(new LidarSensorView { ViewConfiguration = config });
                break;
            }
            case "radar":
                view.RadarSensorView.Add(new RadarSensorView
                {
                    ViewConfiguration = new RadarSensorViewConfiguration
                    {
                        SensorId = id.Clone(),
                        MountingPosition = mount.Clone(),
                        FieldOfViewHorizontal = Number(c, "azimuth_fov_rad"),
                        FieldOfViewVertical = Number(c, "elevation_fov_rad"),
                    },
                });
                break;
            case "camera":
            {
                double width = Number(c, "width"), height = Number(c, "height");
                double fx = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("intrinsics", out JsonElement k) ? Number(k, "fx") : 0;
                double fy = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("intrinsics", out k) ? Number(k, "fy") : 0;
                JsonElement lens = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("distortion", out JsonElement l) ? l : default;
                bool fisheye = Text(lens, "model") == "fisheye";
                double maxAngle = fisheye ? Number(lens, "max_angle_deg") * Math.PI / 180 : 0;
                var config = new CameraSensorViewConfiguration
                {
                    SensorId = id.Clone(),
                    MountingPosition = mount.Clone(),
                    FieldOfViewHorizontal = fisheye ? 2 * maxAngle : fx > 0 ? 2 * Math.Atan(width / (2 * fx)) : 0,
                    FieldOfViewVertical = fisheye ? 2 * maxAngle : fy > 0 ? 2 * Math.Atan(height / (2 * fy)) : 0,
                    NumberOfPixelsHorizontal = (uint)width,
                    NumberOfPixelsVertical = (uint)height,
                    ChannelFormat = { CameraSensorViewConfiguration.Types.ChannelFormat.RgbU8Lin },
                };
                view.CameraSensorView.Add(new CameraSensorView { ViewConfiguration = config });
                break;
            }
            default:
            {
                var config = new GenericSensorViewConfiguration { SensorId = id.Clone(), MountingPosition = mount.Clone() };
                if (d.Type == "ground_truth")
                {
                    config.FieldOfViewHorizontal = Number(c, "azimuth_fov_rad");
                }
                view.GenericSensorView.Add(new GenericSensorView { ViewConfiguration = config });
                break;
            }
        }
        return view;
    }

    /// <summary>A mount (sensor frame in the vehicle frame, ISO 8855, origin on the ground under the rear axle centre) as OSI writes it.</summary>
    internal static MountingPosition Mount(in Pose3 mount)
    {
        (double roll, double pitch, double yaw) = mount.Angles();
        return new MountingPosition
        {
            Position = new Vector3d { X = mount.Position.X, Y = mount.Position.Y, Z = mount.Position.Z },
            Orientation = new Orientation3d { Roll = roll, Pitch = pitch, Yaw = yaw },
        };
    }

    private static double Number(JsonElement e, string name)
        => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;

    private static string? Text(JsonElement e, string name)
        => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double[] Numbers(JsonElement e, string name)
        => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Number).Select(x => x.GetDouble()).ToArray()
            : [];
}
