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
        var lensJson = new Dictionary<string, object> { ["model"] = lens.Model switch { LensModel.OpenCv => "opencv", LensModel.Fisheye => "fisheye", _ => "pinhole" } };
        double[] coefficients;
        if (lens.Model == LensModel.Fisheye)
        {
            lensJson["k1"] = lens.K1;
            lensJson["k2"] = lens.K2;
            lensJson["k3"] = lens.K3;
            lensJson["k4"] = lens.K4;
            coefficients = [lens.K1, lens.K2, lens.K3, lens.K4];
        }
        else
        {
            lensJson["k1"] = lens.K1;
            lensJson["k2"] = lens.K2;
            lensJson["k3"] = lens.K3;
            lensJson["p1"] = lens.P1;
            lensJson["p2"] = lens.P2;
            coefficients = [lens.K1, lens.K2, lens.P1, lens.P2, lens.K3];
        }
        lensJson["max_angle_deg"] = lens.MaxTheta * 180 / Math.PI;
        var doc = new Dictionary<string, object?>
        {
            ["camera"] = camera.Definition.Name,
            ["width"] = k.Width,
            ["height"] = k.Height,
            ["pixel_convention"] = "pixel (i, j) has its centre at u = i, v = j; u right, v down (OpenCV)",
            ["intrinsics"] = new Dictionary<string, double> { ["fx"] = k.Fx, ["fy"] = k.Fy, ["cx"] = k.Cx, ["cy"] = k.Cy },
            ["camera_matrix"] = new[] { new[] { k.Fx, 0, k.Cx }, new[] { 0, k.Fy, k.Cy }, new[] { 0.0, 0, 1 } },
            ["distortion"] = lensJson,
            ["dist_coeffs"] = coefficients,
            ["rate_hz"] = camera.Definition.RateHz,
            ["phase_s"] = camera.Definition.PhaseSeconds,
            ["mount"] = new Dictionary<string, object>
            {
                ["frame"] = "sensor frame (x forward, y left, z up) in the vehicle frame (ISO 8855, origin at the rear-axle centre on the ground)",
                ["matrix"] = Matrix(mount),
            },
            ["T_vehicle_optical"] = Matrix(optical),
            ["optical_frame"] = "x right, y down, z along the optical axis; T_vehicle_optical maps optical-frame points into the vehicle frame",
            ["render"] = camera.Remap is { } r
                ? new Dictionary<string, double> { ["width"] = r.Render.Width, ["height"] = r.Render.Height, ["fx"] = r.Render.Fx, ["fy"] = r.Render.Fy, ["cx"] = r.Render.Cx, ["cy"] = r.Render.Cy, ["density"] = r.Density }
                : null,
            ["streams"] = camera.Streams.ToDictionary(s => s.Name, s => s.Format),
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
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
