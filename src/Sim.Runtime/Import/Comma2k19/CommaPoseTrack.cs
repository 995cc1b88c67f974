using SensorModels.Gnss;
using SensorModels.Mathematics;

namespace Sim.Runtime.Import.Comma2k19;

/// <summary>
/// The ego of a comma2k19 segment: the fused camera pose per video frame (ECEF position, velocity,
/// and the Hamilton quaternion that turns the camera frame [forward, right, down] into ECEF),
/// expressed in a local east-north-up plane at the first pose. Heading is the camera's forward
/// axis, speed its velocity along it.
/// </summary>
internal static class CommaPoseTrack
{
    /// <summary>The track and its east-north-up plane.</summary>
    /// <param name="timesNs">Pose times (recording time, increasing).</param>
    /// <param name="ecef">Positions (ECEF, m).</param>
    /// <param name="velocities">Velocities (ECEF, m/s).</param>
    /// <param name="quaternions">Orientations [w, x, y, z]: camera frame to ECEF.</param>
    /// <param name="steering">Steering wheel angle (deg, left positive) decoded from CAN, by time.</param>
    /// <param name="steeringRatio">Steering wheel angle per road-wheel angle.</param>
    public static (SampledEgoTrack Track, EnuFrame Plane) Build(long[] timesNs, Vec3[] ecef, Vec3[] velocities, double[][] quaternions, (long T, double Deg)[] steering, double steeringRatio)
    {
        int n = timesNs.Length;
        (double lat, double lon, double h) = Wgs84.FromEcef(ecef[0]);
        var plane = new EnuFrame(lat, lon, h);
        var p = new Vec3[n];
        double[] yaw = new double[n], pitch = new double[n], roll = new double[n], speed = new double[n], lateral = new double[n];
        for (int i = 0; i < n; i++)
        {
            p[i] = plane.EcefToEnu(ecef[i]);
            double[] q = quaternions[i];
            Vec3 forward = plane.EcefDirectionToEnu(Rotate(q, new Vec3(1, 0, 0)));
            Vec3 left = plane.EcefDirectionToEnu(-Rotate(q, new Vec3(0, 1, 0)));
            Vec3 up = plane.EcefDirectionToEnu(-Rotate(q, new Vec3(0, 0, 1)));
            Vec3 v = plane.EcefDirectionToEnu(velocities[i]);
            yaw[i] = Math.Atan2(forward.Y, forward.X);
            pitch[i] = -Math.Asin(Math.Clamp(forward.Z, -1, 1)); // ISO 8855: nose down positive
            roll[i] = Math.Atan2(left.Z, up.Z);
            speed[i] = v.X * forward.X + v.Y * forward.Y + v.Z * forward.Z;
            lateral[i] = v.X * left.X + v.Y * left.Y + v.Z * left.Z;
        }
        return (new SampledEgoTrack(timesNs, p, yaw, pitch, roll, speed, lateral, steering, steeringRatio), plane);
    }

    /// <summary>Rotates <paramref name="v"/> by the Hamilton quaternion [w, x, y, z].</summary>
    internal static Vec3 Rotate(double[] q, Vec3 v)
    {
        double w = q[0], x = q[1], y = q[2], z = q[3];
        return new Vec3(
            (1 - 2 * (y * y + z * z)) * v.X + 2 * (x * y - w * z) * v.Y + 2 * (x * z + w * y) * v.Z,
            2 * (x * y + w * z) * v.X + (1 - 2 * (x * x + z * z)) * v.Y + 2 * (y * z - w * x) * v.Z,
            2 * (x * z - w * y) * v.X + 2 * (y * z + w * x) * v.Y + (1 - 2 * (x * x + y * y)) * v.Z);
    }
}
