using System.Globalization;
using System.Text;
using SensorModels.Camera;
using SensorModels.Mathematics;

namespace Sim.Runtime.Datagen;

/// <summary>
/// The calibration of a KITTI frame: the image camera's intrinsics (P0..P3: we have one camera, so
/// all four are K [I | 0] of it, and the rectified frame is its optical frame, R0_rect = I),
/// Tr_velo_to_cam (the lidar frame into the camera's optical frame: x right, y down, z forward)
/// and Tr_imu_to_velo (the IMU frame, or the vehicle frame when the rig has no IMU, into the lidar frame).
/// </summary>
internal sealed class KittiCalibration
{
    /// <summary>KITTI's image 2 camera (2011_09_26 drive): used as the virtual camera when the rig has none.</summary>
    public static readonly (int Width, int Height, double Fx, double Fy, double Cx, double Cy) VirtualCamera = (1242, 375, 721.5377, 721.5377, 609.5593, 172.854);

    /// <summary>Where the virtual camera sits relative to the lidar, in the vehicle frame (m): KITTI's cam 2 offset from its Velodyne, rounded.</summary>
    public static readonly Vec3 VirtualCameraOffset = new(0.27, 0, -0.08);

    private KittiCalibration(int width, int height, double fx, double fy, double cx, double cy, Affine3x4 veloToCam, Affine3x4 imuToVelo, bool isVirtual)
    {
        (Width, Height, Fx, Fy, Cx, Cy) = (width, height, fx, fy, cx, cy);
        VeloToCam = veloToCam;
        ImuToVelo = imuToVelo;
        IsVirtual = isVirtual;
    }

    public int Width { get; }

    public int Height { get; }

    public double Fx { get; }

    public double Fy { get; }

    public double Cx { get; }

    public double Cy { get; }

    /// <summary>Lidar frame to the camera's optical (= rectified) frame.</summary>
    public Affine3x4 VeloToCam { get; }

    /// <summary>IMU (or vehicle) frame to the lidar frame.</summary>
    public Affine3x4 ImuToVelo { get; }

    /// <summary>True when no camera of the rig defines it.</summary>
    public bool IsVirtual { get; }

    /// <summary>The calibration for a lidar mount, a camera (mount and model, or null for the virtual one) and an IMU mount (or null).</summary>
    public static KittiCalibration Create(Pose3 lidarMount, Pose3? cameraMount, CameraModel? camera, Pose3? imuMount)
    {
        Pose3 mount = cameraMount ?? new Pose3(lidarMount.Position + VirtualCameraOffset, 0, 0, 0);
        Pose3 optical = CameraModel.OpticalPose(mount);
        Affine3x4 veloToCam = Affine3x4.Of(p => optical.InverseTransformPoint(lidarMount.TransformPoint(p)));
        Pose3 imu = imuMount ?? Pose3.Identity;
        Affine3x4 imuToVelo = Affine3x4.Of(p => lidarMount.InverseTransformPoint(imu.TransformPoint(p)));
        if (camera is null)
        {
            var k = VirtualCamera;
            return new KittiCalibration(k.Width, k.Height, k.Fx, k.Fy, k.Cx, k.Cy, veloToCam, imuToVelo, true);
        }
        CameraIntrinsics i = camera.Intrinsics;
        return new KittiCalibration(i.Width, i.Height, i.Fx, i.Fy, i.Cx, i.Cy, veloToCam, imuToVelo, false);
    }

    /// <summary>Projects a point of the camera frame (z > 0) to pixels.</summary>
    public (double U, double V) Project(Vec3 p) => (Fx * p.X / p.Z + Cx, Fy * p.Y / p.Z + Cy);

    /// <summary>The calib/NNNNNN.txt text, in KITTI's key names, order and number format (%.12e).</summary>
    public string Text()
    {
        double[] p = [Fx, 0, Cx, 0, 0, Fy, Cy, 0, 0, 0, 1, 0];
        var sb = new StringBuilder();
        for (int i = 0; i < 4; i++)
        {
            Line(sb, $"P{i}", p);
        }
        Line(sb, "R0_rect", [1, 0, 0, 0, 1, 0, 0, 0, 1]);
        Line(sb, "Tr_velo_to_cam", VeloToCam.Values);
        Line(sb, "Tr_imu_to_velo", ImuToVelo.Values);
        return sb.ToString();
    }

    private static void Line(StringBuilder sb, string key, IReadOnlyList<double> values)
    {
        sb.Append(key).Append(':');
        foreach (double v in values)
        {
            // Negative zero would print as -0.000000000000e+00: a difference of no meaning between frames.
            sb.Append(' ').Append((v == 0 ? 0.0 : v).ToString("0.000000000000e+00", CultureInfo.InvariantCulture));
        }
        sb.Append('\n');
    }
}
