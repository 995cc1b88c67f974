using SensorModels.Mathematics;

namespace Sim.Runtime.Recording.Foxglove;

/// <summary>A unit quaternion (x, y, z, w) as Foxglove's <c>foxglove.Quaternion</c> holds it.</summary>
/// <param name="X">x (i) component.</param>
/// <param name="Y">y (j) component.</param>
/// <param name="Z">z (k) component.</param>
/// <param name="W">Scalar component.</param>
internal readonly record struct FoxgloveQuaternion(double X, double Y, double Z, double W)
{
    /// <summary>The identity rotation.</summary>
    public static FoxgloveQuaternion Identity => new(0, 0, 0, 1);

    /// <summary>
    /// The rotation R = Rz(yaw) Ry(pitch) Rx(roll), the convention of rig mounts and of
    /// <see cref="Pose3"/> (docs/sensors.md): q = qz(yaw) qy(pitch) qx(roll).
    /// </summary>
    public static FoxgloveQuaternion FromRollPitchYaw(double roll, double pitch, double yaw)
    {
        (double sr, double cr) = Math.SinCos(roll / 2);
        (double sp, double cp) = Math.SinCos(pitch / 2);
        (double sy, double cy) = Math.SinCos(yaw / 2);
        return new FoxgloveQuaternion(
            sr * cp * cy - cr * sp * sy,
            cr * sp * cy + sr * cp * sy,
            cr * cp * sy - sr * sp * cy,
            cr * cp * cy + sr * sp * sy);
    }

    /// <summary>A rotation about z (a heading, counter-clockwise from +x).</summary>
    public static FoxgloveQuaternion FromYaw(double yaw)
    {
        (double s, double c) = Math.SinCos(yaw / 2);
        return new FoxgloveQuaternion(0, 0, s, c);
    }

    /// <summary>The rotation of <paramref name="pose"/>, with w ≥ 0.</summary>
    public static FoxgloveQuaternion FromPose(in Pose3 pose)
    {
        // Pose3 keeps only its matrix; its columns are the images of the unit axes.
        Vec3 c0 = pose.Rotate(new Vec3(1, 0, 0)), c1 = pose.Rotate(new Vec3(0, 1, 0)), c2 = pose.Rotate(new Vec3(0, 0, 1));
        return FromMatrix(c0.X, c1.X, c2.X, c0.Y, c1.Y, c2.Y, c0.Z, c1.Z, c2.Z);
    }

    /// <summary>The rotation of a row-major rotation matrix, with w ≥ 0.</summary>
    public static FoxgloveQuaternion FromMatrix(double m00, double m01, double m02, double m10, double m11, double m12, double m20, double m21, double m22)
    {
        // Shepperd's method: divide by the largest of 4w², 4x², 4y², 4z² so no branch loses precision.
        double trace = m00 + m11 + m22;
        double x, y, z, w;
        if (trace > 0)
        {
            double s = 2 * Math.Sqrt(trace + 1);
            w = s / 4; x = (m21 - m12) / s; y = (m02 - m20) / s; z = (m10 - m01) / s;
        }
        else if (m00 > m11 && m00 > m22)
        {
            double s = 2 * Math.Sqrt(1 + m00 - m11 - m22);
            w = (m21 - m12) / s; x = s / 4; y = (m01 + m10) / s; z = (m02 + m20) / s;
        }
        else if (m11 > m22)
        {
            double s = 2 * Math.Sqrt(1 + m11 - m00 - m22);
            w = (m02 - m20) / s; x = (m01 + m10) / s; y = s / 4; z = (m12 + m21) / s;
        }
        else
        {
            double s = 2 * Math.Sqrt(1 + m22 - m00 - m11);
            w = (m10 - m01) / s; x = (m02 + m20) / s; y = (m12 + m21) / s; z = s / 4;
        }
        // q and -q are the same rotation; one sign makes recordings byte-stable.
        return w < 0 ? new FoxgloveQuaternion(-x, -y, -z, -w) : new FoxgloveQuaternion(x, y, z, w);
    }
}
