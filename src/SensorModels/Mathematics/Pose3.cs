using System.Runtime.CompilerServices;

namespace SensorModels.Mathematics;

/// <summary>
/// A rigid transform: rotation (from roll, pitch, yaw: R = Rz(yaw) Ry(pitch) Rx(roll), ISO 8855
/// axes, angles in radians) then translation. Maps points of the child frame into the parent frame.
/// </summary>
public readonly struct Pose3
{
    // Row-major rotation matrix.
    private readonly double _m00, _m01, _m02, _m10, _m11, _m12, _m20, _m21, _m22;

    /// <summary>Creates a pose from a position and roll, pitch, yaw.</summary>
    public Pose3(Vec3 position, double roll, double pitch, double yaw)
    {
        Position = position;
        (double sr, double cr) = Math.SinCos(roll);
        (double sp, double cp) = Math.SinCos(pitch);
        (double sy, double cy) = Math.SinCos(yaw);
        _m00 = cy * cp; _m01 = cy * sp * sr - sy * cr; _m02 = cy * sp * cr + sy * sr;
        _m10 = sy * cp; _m11 = sy * sp * sr + cy * cr; _m12 = sy * sp * cr - cy * sr;
        _m20 = -sp;     _m21 = cp * sr;                _m22 = cp * cr;
    }

    private Pose3(Vec3 position, double m00, double m01, double m02, double m10, double m11, double m12, double m20, double m21, double m22)
    {
        Position = position;
        _m00 = m00; _m01 = m01; _m02 = m02;
        _m10 = m10; _m11 = m11; _m12 = m12;
        _m20 = m20; _m21 = m21; _m22 = m22;
    }

    /// <summary>The identity.</summary>
    public static Pose3 Identity => new(default, 0, 0, 0);

    /// <summary>Translation (the child frame's origin in the parent frame).</summary>
    public Vec3 Position { get; }

    /// <summary>Rotates a direction from the child to the parent frame.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 Rotate(Vec3 v) => new(_m00 * v.X + _m01 * v.Y + _m02 * v.Z, _m10 * v.X + _m11 * v.Y + _m12 * v.Z, _m20 * v.X + _m21 * v.Y + _m22 * v.Z);

    /// <summary>Rotates a direction from the parent to the child frame.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 InverseRotate(Vec3 v) => new(_m00 * v.X + _m10 * v.Y + _m20 * v.Z, _m01 * v.X + _m11 * v.Y + _m21 * v.Z, _m02 * v.X + _m12 * v.Y + _m22 * v.Z);

    /// <summary>Maps a point of the child frame into the parent frame.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 TransformPoint(Vec3 p) => Rotate(p) + Position;

    /// <summary>Maps a point of the parent frame into the child frame.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 InverseTransformPoint(Vec3 p) => InverseRotate(p - Position);

    /// <summary>Roll, pitch and yaw (R = Rz(yaw) Ry(pitch) Rx(roll), as the constructor takes them) of the rotation; pitch in [-pi/2, pi/2].</summary>
    public (double Roll, double Pitch, double Yaw) Angles()
        => (Math.Atan2(_m21, _m22), Math.Asin(Math.Clamp(-_m20, -1, 1)), Math.Atan2(_m10, _m00));

    /// <summary>The pose of <paramref name="child"/> (given in this pose's frame) in this pose's parent frame.</summary>
    public Pose3 Compose(in Pose3 child)
    {
        Vec3 c0 = Rotate(new Vec3(child._m00, child._m10, child._m20));
        Vec3 c1 = Rotate(new Vec3(child._m01, child._m11, child._m21));
        Vec3 c2 = Rotate(new Vec3(child._m02, child._m12, child._m22));
        return new Pose3(TransformPoint(child.Position), c0.X, c1.X, c2.X, c0.Y, c1.Y, c2.Y, c0.Z, c1.Z, c2.Z);
    }
}
