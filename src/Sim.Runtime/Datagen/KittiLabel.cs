using System.Globalization;
using SensorModels.GroundTruth;
using SensorModels.Mathematics;

namespace Sim.Runtime.Datagen;

/// <summary>
/// One line of a KITTI label_2 file, computed exactly from a ground-truth box (docs/datagen.md):
/// the box in the camera frame (bottom centre, h w l, rotation_y about the camera's y axis), the
/// 2-D box as the projection of the 3-D box clipped to the image, truncation from that projection,
/// occlusion from the camera's instance mask (or 3, unknown, without a real camera), and DontCare
/// for objects no sensor saw (no lidar point and no camera pixel).
/// </summary>
internal sealed record KittiLabel(string Type, double Truncated, int Occluded, double Alpha,
    double Left, double Top, double Right, double Bottom, double H, double W, double L, Vec3 Location, double RotationY)
{
    /// <summary>Points kept in front of the camera when projecting a box partly behind it (m).</summary>
    private const double Near = 0.1;

    /// <summary>Samples per box edge for the projection (a box partly behind the camera is clipped per sample).</summary>
    private const int EdgeSamples = 16;

    /// <summary>
    /// The label of <paramref name="o"/>, or null when its box projects to no pixel of the image
    /// (KITTI labels only what lies in the camera's field of view).
    /// </summary>
    /// <param name="o">The ground-truth object.</param>
    /// <param name="groundTruthMount">Mount of the ground-truth sensor (its frame into the vehicle frame).</param>
    /// <param name="lidarMount">Mount of the lidar (the velodyne frame).</param>
    /// <param name="calib">The frame's calibration.</param>
    /// <param name="lidarPoints">Points of the frame's sweep on the object.</param>
    /// <param name="camera">The camera's box of the object, null when it has no pixel; ignored without <paramref name="hasCameraBoxes"/>.</param>
    /// <param name="hasCameraBoxes">A real camera labelled the frame (camera.boxes2d.v1).</param>
    public static KittiLabel? Create(GroundTruthObject o, Pose3 groundTruthMount, Pose3 lidarMount, KittiCalibration calib,
        int lidarPoints, CameraBox? camera, bool hasCameraBoxes)
    {
        // The box in the lidar (velodyne) frame: centre, heading in the lidar's xy plane.
        Vec3 center = lidarMount.InverseTransformPoint(groundTruthMount.TransformPoint(o.SensorCentre));
        Vec3 heading = lidarMount.InverseRotate(groundTruthMount.Rotate(new Vec3(Math.Cos(o.SensorYaw), Math.Sin(o.SensorYaw), 0)));
        double yaw = Math.Atan2(heading.Y, heading.X);
        var f = new Vec3(Math.Cos(yaw), Math.Sin(yaw), 0);
        var left = new Vec3(-Math.Sin(yaw), Math.Cos(yaw), 0);
        var up = new Vec3(0, 0, 1);

        // 2-D box: the projection of the 3-D box's edges (sampled, clipped at Near in front of the camera).
        double u0 = double.MaxValue, v0 = double.MaxValue, u1 = double.MinValue, v1 = double.MinValue;
        Vec3 Corner(int i) => center + f * ((i & 1) == 0 ? -o.Length / 2 : o.Length / 2)
            + left * ((i & 2) == 0 ? -o.Width / 2 : o.Width / 2) + up * ((i & 4) == 0 ? -o.Height / 2 : o.Height / 2);
        for (int a = 0; a < 8; a++)
        {
            for (int bit = 1; bit < 8; bit <<= 1)
            {
                if ((a & bit) != 0)
                {
                    continue;
                }
                Vec3 p = calib.VeloToCam.Apply(Corner(a)), q = calib.VeloToCam.Apply(Corner(a | bit));
                for (int k = 0; k <= EdgeSamples; k++)
                {
                    Vec3 s = p + (q - p) * (k / (double)EdgeSamples);
                    if (s.Z < Near)
                    {
                        continue;
                    }
                    (double u, double v) = calib.Project(s);
                    u0 = Math.Min(u0, u);
                    v0 = Math.Min(v0, v);
                    u1 = Math.Max(u1, u);
                    v1 = Math.Max(v1, v);
                }
            }
        }
        if (u0 > u1)
        {
            return null;
        }
        // Clipped to the image, pixel centres 0 .. w-1 (KITTI's boxes).
        double cu0 = Math.Max(u0, 0), cv0 = Math.Max(v0, 0), cu1 = Math.Min(u1, calib.Width - 1), cv1 = Math.Min(v1, calib.Height - 1);
        if (cu0 >= cu1 || cv0 >= cv1)
        {
            return null;
        }
        double area = (u1 - u0) * (v1 - v0);
        double truncated = area > 0 ? Math.Clamp(1 - (cu1 - cu0) * (cv1 - cv0) / area, 0, 1) : 0;

        bool seenByCamera = hasCameraBoxes && camera is { VisiblePixels: > 0 };
        if (lidarPoints == 0 && !seenByCamera)
        {
            // KITTI's DontCare line: the region only; evaluation ignores detections there.
            return new KittiLabel("DontCare", -1, -1, -10, cu0, cv0, cu1, cv1, -1, -1, -1, new Vec3(-1000, -1000, -1000), -10);
        }
        int occluded = !hasCameraBoxes ? 3 : camera is null ? 2 : camera.Occlusion <= 0.1 ? 0 : camera.Occlusion <= 0.5 ? 1 : 2;

        Vec3 bottom = calib.VeloToCam.Apply(center - up * (o.Height / 2));
        Vec3 dir = calib.VeloToCam.Rotate(f);
        double ry = Math.Atan2(-dir.Z, dir.X);
        double alpha = Wrap(ry - Math.Atan2(bottom.X, bottom.Z));
        return new KittiLabel(KittiClass.Of((int)o.Kind), truncated, occluded, alpha, cu0, cv0, cu1, cv1, o.Height, o.Width, o.Length, bottom, Wrap(ry));
    }

    /// <summary>The line: 15 fields, space separated; pixels with 2 decimals, metres and radians with 6.</summary>
    public string Line()
    {
        var c = CultureInfo.InvariantCulture;
        static double Z(double v) => v == 0 ? 0 : v;
        return string.Create(c, $"{Type} {Z(Truncated):F2} {Occluded} {Z(Alpha):F6} {Z(Left):F2} {Z(Top):F2} {Z(Right):F2} {Z(Bottom):F2} {Z(H):F6} {Z(W):F6} {Z(L):F6} {Z(Location.X):F6} {Z(Location.Y):F6} {Z(Location.Z):F6} {Z(RotationY):F6}");
    }

    private static double Wrap(double a)
    {
        a = Math.IEEERemainder(a, 2 * Math.PI);
        return a <= -Math.PI ? a + 2 * Math.PI : a;
    }
}
