using System.Buffers;
using System.Text;
using System.Text.Json;
using SensorModels.Mathematics;

namespace SensorModels.Camera;

/// <summary>
/// Writes a camera's calibration next to its recordings (DIR/CAMERA.calibration.json, layout in
/// docs/sensors/camera.md): image size, intrinsics (also as OpenCV's camera matrix), the lens model
/// and coefficients (also in OpenCV's dist_coeffs order), the mount (sensor frame in the vehicle
/// frame) and the optical frame's 4x4 transform into the vehicle frame, and the undistorted render
/// a distorted lens is made from.
/// </summary>
internal static class CalibrationWriter
{
    /// <summary>The calibration as a JSON string.</summary>
    public static string ToJson(CameraSensor camera)
    {
        CameraIntrinsics k = camera.Model.Intrinsics;
        LensDistortion lens = camera.Model.Lens;
        Pose3 mount = camera.Definition.Mount;
        Pose3 optical = CameraModel.OpticalPose(mount);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("camera", camera.Definition.Name);
            w.WriteNumber("width", k.Width);
            w.WriteNumber("height", k.Height);
            w.WriteString("pixel_convention", "pixel (i, j) has its centre at u = i, v = j; u right, v down (OpenCV)");
            w.WriteStartObject("intrinsics");
            w.WriteNumber("fx", k.Fx);
            w.WriteNumber("fy", k.Fy);
            w.WriteNumber("cx", k.Cx);
            w.WriteNumber("cy", k.Cy);
            w.WriteEndObject();
            w.WritePropertyName("camera_matrix");
            Rows(w, [[k.Fx, 0, k.Cx], [0, k.Fy, k.Cy], [0.0, 0, 1]]);
            w.WriteStartObject("distortion");
            w.WriteString("model", lens.Model switch { LensModel.OpenCv => "opencv", LensModel.Fisheye => "fisheye", _ => "pinhole" });
            double[] coefficients;
            if (lens.Model == LensModel.Fisheye)
            {
                w.WriteNumber("k1", lens.K1);
                w.WriteNumber("k2", lens.K2);
                w.WriteNumber("k3", lens.K3);
                w.WriteNumber("k4", lens.K4);
                coefficients = [lens.K1, lens.K2, lens.K3, lens.K4];
            }
            else
            {
                w.WriteNumber("k1", lens.K1);
                w.WriteNumber("k2", lens.K2);
                w.WriteNumber("k3", lens.K3);
                w.WriteNumber("p1", lens.P1);
                w.WriteNumber("p2", lens.P2);
                coefficients = [lens.K1, lens.K2, lens.P1, lens.P2, lens.K3];
            }
            w.WriteNumber("max_angle_deg", lens.MaxTheta * 180 / Math.PI);
            w.WriteEndObject();
            w.WritePropertyName("dist_coeffs");
            Row(w, coefficients);
            w.WriteNumber("rate_hz", camera.Definition.RateHz);
            w.WriteNumber("phase_s", camera.Definition.PhaseSeconds);
            w.WriteStartObject("mount");
            w.WriteString("frame", "sensor frame (x forward, y left, z up) in the vehicle frame (ISO 8855, origin at the rear-axle centre on the ground)");
            w.WritePropertyName("matrix");
            Rows(w, Matrix(mount));
            w.WriteEndObject();
            w.WritePropertyName("T_vehicle_optical");
            Rows(w, Matrix(optical));
            w.WriteString("optical_frame", "x right, y down, z along the optical axis; T_vehicle_optical maps optical-frame points into the vehicle frame");
            if (camera.Remap is { } r)
            {
                w.WriteStartObject("render");
                w.WriteNumber("width", r.Render.Width);
                w.WriteNumber("height", r.Render.Height);
                w.WriteNumber("fx", r.Render.Fx);
                w.WriteNumber("fy", r.Render.Fy);
                w.WriteNumber("cx", r.Render.Cx);
                w.WriteNumber("cy", r.Render.Cy);
                w.WriteNumber("density", r.Density);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("render");
            }
            w.WriteStartObject("streams");
            foreach ((CameraStreams _, string name, string format) in camera.Streams)
            {
                w.WriteString(name, format);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Rows(Utf8JsonWriter w, double[][] rows)
    {
        w.WriteStartArray();
        foreach (double[] row in rows)
        {
            Row(w, row);
        }
        w.WriteEndArray();
    }

    private static void Row(Utf8JsonWriter w, double[] values)
    {
        w.WriteStartArray();
        foreach (double v in values)
        {
            w.WriteNumberValue(v);
        }
        w.WriteEndArray();
    }

    /// <summary>Writes DIR/CAMERA.calibration.json.</summary>
    public static string Write(CameraSensor camera, string directory)
    {
        string path = Path.Combine(directory, camera.Definition.Name + ".calibration.json");
        File.WriteAllText(path, ToJson(camera));
        return path;
    }

    /// <summary>Row-major 4x4 homogeneous matrix of a pose.</summary>
    private static double[][] Matrix(in Pose3 pose)
    {
        Vec3 c0 = pose.Rotate(new Vec3(1, 0, 0)), c1 = pose.Rotate(new Vec3(0, 1, 0)), c2 = pose.Rotate(new Vec3(0, 0, 1)), t = pose.Position;
        return
        [
            [Clean(c0.X), Clean(c1.X), Clean(c2.X), t.X],
            [Clean(c0.Y), Clean(c1.Y), Clean(c2.Y), t.Y],
            [Clean(c0.Z), Clean(c1.Z), Clean(c2.Z), t.Z],
            [0, 0, 0, 1],
        ];
    }

    // cos(pi / 2) is 6e-17, not 0: print exact axes as such.
    private static double Clean(double v) => Math.Abs(v) < 1e-15 ? 0 : v;
}
