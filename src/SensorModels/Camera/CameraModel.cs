using SensorModels.Mathematics;

namespace SensorModels.Camera;

/// <summary>
/// A calibrated camera: pinhole intrinsics and a lens. Maps points of the sensor frame (x forward,
/// y left, z up, as every sensor's mount gives it) to pixels and pixels back to rays. Internally the
/// optical frame of OpenCV is used: x right = -y_sensor, y down = -z_sensor, z forward = x_sensor.
/// </summary>
public sealed class CameraModel
{
    /// <summary>Creates a camera model.</summary>
    public CameraModel(CameraIntrinsics intrinsics, LensDistortion? lens = null)
    {
        Intrinsics = intrinsics;
        Lens = lens ?? LensDistortion.None;
    }

    /// <summary>Focal lengths, principal point and image size.</summary>
    public CameraIntrinsics Intrinsics { get; }

    /// <summary>The lens distortion.</summary>
    public LensDistortion Lens { get; }

    /// <summary>Width (pixels).</summary>
    public int Width => Intrinsics.Width;

    /// <summary>Height (pixels).</summary>
    public int Height => Intrinsics.Height;

    /// <summary>A point of the sensor frame in the optical frame.</summary>
    public static Vec3 SensorToOptical(Vec3 p) => new(-p.Y, -p.Z, p.X);

    /// <summary>A point of the optical frame in the sensor frame.</summary>
    public static Vec3 OpticalToSensor(Vec3 p) => new(p.Z, -p.X, -p.Y);

    /// <summary>
    /// The pose of the optical frame in the world (its rotation maps optical axes to world axes),
    /// given the sensor frame's pose in the world: what a renderer's view matrix needs.
    /// </summary>
    public static Pose3 OpticalPose(in Pose3 sensorPose)
        // Optical = sensor rotated: z_opt = x_s, x_opt = -y_s, y_opt = -z_s, i.e. Rz(-90 deg) Rx(-90 deg).
        => sensorPose.Compose(new Pose3(default, -Math.PI / 2, 0, -Math.PI / 2));

    /// <summary>
    /// Projects a point of the optical frame to a pixel (u, v), exactly: lens model then intrinsics.
    /// False when the point is outside the lens's field of view (behind the camera or beyond its
    /// largest imaged angle); the pixel may still fall outside the image.
    /// </summary>
    public bool TryProjectOptical(Vec3 p, out double u, out double v)
    {
        if (!Lens.TryDistortRay(p.X, p.Y, p.Z, out double xd, out double yd))
        {
            u = v = double.NaN;
            return false;
        }
        u = Intrinsics.Fx * xd + Intrinsics.Cx;
        v = Intrinsics.Fy * yd + Intrinsics.Cy;
        return true;
    }

    /// <summary>Projects a point of the sensor frame (x forward, y left, z up) to a pixel.</summary>
    public bool TryProject(Vec3 sensorPoint, out double u, out double v) => TryProjectOptical(SensorToOptical(sensorPoint), out u, out v);

    /// <summary>
    /// The undistorted normalised coordinates (a = X / Z, b = Y / Z of the optical frame) of the ray
    /// seen at pixel (u, v); false when the lens images nothing there.
    /// </summary>
    public bool TryUnproject(double u, double v, out double a, out double b)
        => Lens.TryUndistort((u - Intrinsics.Cx) / Intrinsics.Fx, (v - Intrinsics.Cy) / Intrinsics.Fy, out a, out b);

    /// <summary>True when pixel (u, v) lies on the image (pixel centres at integers).</summary>
    public bool InImage(double u, double v) => u >= -0.5 && u <= Width - 0.5 && v >= -0.5 && v <= Height - 0.5;
}
