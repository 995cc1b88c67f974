namespace Sim.Runtime.Import.Ros2;

/// <summary>A rigid transform (tf2): where <c>child</c> sits in <c>parent</c>: translation (m) and rotation (quaternion x, y, z, w).</summary>
internal readonly record struct Ros2Transform(double X, double Y, double Z, double Qx, double Qy, double Qz, double Qw)
{
    /// <summary>The identity.</summary>
    public static Ros2Transform Identity => new(0, 0, 0, 0, 0, 0, 1);

    /// <summary>This transform followed by <paramref name="child"/> (parent-from-grandchild).</summary>
    public Ros2Transform Then(Ros2Transform child)
    {
        (double x, double y, double z) = Rotate(child.X, child.Y, child.Z);
        double w = Qw * child.Qw - Qx * child.Qx - Qy * child.Qy - Qz * child.Qz;
        double qx = Qw * child.Qx + Qx * child.Qw + Qy * child.Qz - Qz * child.Qy;
        double qy = Qw * child.Qy - Qx * child.Qz + Qy * child.Qw + Qz * child.Qx;
        double qz = Qw * child.Qz + Qx * child.Qy - Qy * child.Qx + Qz * child.Qw;
        return new Ros2Transform(X + x, Y + y, Z + z, qx, qy, qz, w);
    }

    /// <summary>Rotates a vector by the rotation.</summary>
    public (double X, double Y, double Z) Rotate(double x, double y, double z)
    {
        // v' = v + 2 w (q x v) + 2 q x (q x v)
        double cx = Qy * z - Qz * y, cy = Qz * x - Qx * z, cz = Qx * y - Qy * x;
        double dx = Qy * cz - Qz * cy, dy = Qz * cx - Qx * cz, dz = Qx * cy - Qy * cx;
        return (x + 2 * (Qw * cx + dx), y + 2 * (Qw * cy + dy), z + 2 * (Qw * cz + dz));
    }

    /// <summary>Roll, pitch, yaw (rad) with R = Rz(yaw) Ry(pitch) Rx(roll), as rig mounts give them.</summary>
    public (double Roll, double Pitch, double Yaw) Euler()
    {
        double roll = Math.Atan2(2 * (Qw * Qx + Qy * Qz), 1 - 2 * (Qx * Qx + Qy * Qy));
        double pitch = Math.Asin(Math.Clamp(2 * (Qw * Qy - Qz * Qx), -1, 1));
        double yaw = Math.Atan2(2 * (Qw * Qz + Qx * Qy), 1 - 2 * (Qy * Qy + Qz * Qz));
        return (roll, pitch, yaw);
    }
}
