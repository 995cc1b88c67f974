using SensorModels.Mathematics;
using SensorModels.Runtime;
using SimCore.Simulation;

namespace Sim.Runtime.Scoring;

/// <summary>
/// Builds the ground truth a perceiving target is scored against: every entity other than the
/// ego whose box centre lies within a range of the ego's reference point, as a
/// <see cref="GroundTruthBox"/> in the ego's vehicle frame.
/// </summary>
internal static class GroundTruthFrame
{
    /// <summary>
    /// Writes the ground-truth boxes of <paramref name="snapshots"/> seen from entity
    /// <paramref name="egoIndex"/> into <paramref name="destination"/>, in snapshot order, and
    /// returns how many were written. Allocates nothing.
    /// </summary>
    /// <param name="snapshots">Every entity's state at one instant (as <c>Simulator.GetSnapshot</c> fills it).</param>
    /// <param name="egoIndex">Index of the ego in <paramref name="snapshots"/>.</param>
    /// <param name="range">Objects whose box centre is further than this from the ego's reference point (3-D, m) are left out; may be infinity.</param>
    /// <param name="destination">Room for up to <c>snapshots.Length - 1</c> boxes.</param>
    /// <exception cref="ArgumentOutOfRangeException">The ego index is outside the snapshots, or the range is not positive.</exception>
    /// <exception cref="ArgumentException">The destination is too small.</exception>
    public static int FromSnapshots(ReadOnlySpan<EntitySnapshot> snapshots, int egoIndex, double range, Span<GroundTruthBox> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(egoIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(egoIndex, snapshots.Length);
        if (!(range > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(range), range, "the range must be positive");
        }
        if (destination.Length < snapshots.Length - 1)
        {
            throw new ArgumentException($"room for {destination.Length} boxes; {snapshots.Length - 1} may be needed", nameof(destination));
        }
        // The ego frame is the vehicle pose sensors mount on (reference point, pitch, heading), so
        // the boxes agree with the ground-truth sensor's boxes for a sensor mounted at the origin.
        EntitySnapshot ego = snapshots[egoIndex];
        Pose3 egoPose = SensorWorld.VehiclePose(ego);
        int n = 0;
        for (int i = 0; i < snapshots.Length; i++)
        {
            if (i == egoIndex)
            {
                continue;
            }
            ref readonly EntitySnapshot e = ref snapshots[i];
            Pose3 pose = SensorWorld.VehiclePose(e);
            // Same centre as GroundTruthSensor.Collect: the reference point may be the rear axle,
            // the box centre is CenterOffsetX ahead of it and half the height up.
            Vec3 centre = pose.TransformPoint(new Vec3(e.CenterOffsetX, 0, e.Height / 2));
            Vec3 q = egoPose.InverseTransformPoint(centre);
            if (q.Length > range)
            {
                continue;
            }
            Vec3 forward = egoPose.InverseRotate(pose.Rotate(new Vec3(1, 0, 0)));
            Vec3 v = egoPose.InverseRotate(PointVelocity(e, centre));
            destination[n++] = new GroundTruthBox(e.Id, ObjectClasses.Of(e.Kind), q.X, q.Y, q.Z, e.Length, e.Width, e.Height,
                Math.Atan2(forward.Y, forward.X), v.X, v.Y);
        }
        return n;
    }

    /// <summary>As <see cref="FromSnapshots(ReadOnlySpan{EntitySnapshot}, int, double, Span{GroundTruthBox})"/>, into a new array.</summary>
    public static GroundTruthBox[] FromSnapshots(ReadOnlySpan<EntitySnapshot> snapshots, int egoIndex, double range)
    {
        var boxes = new GroundTruthBox[Math.Max(snapshots.Length - 1, 0)];
        int n = FromSnapshots(snapshots, egoIndex, range, boxes);
        return boxes[..n];
    }

    /// <summary>
    /// World velocity of a point rigidly attached to an entity: the reference point's velocity
    /// plus yaw rate x lever arm. The same rule as RadarSensor.PointVelocity, which is internal
    /// to SensorModels, so the radar, the ground-truth sensor and the scorer agree.
    /// </summary>
    private static Vec3 PointVelocity(in EntitySnapshot e, Vec3 p)
    {
        (double sh, double ch) = Math.SinCos(e.Heading);
        double vx = e.Speed * ch - e.LateralVelocity * sh, vy = e.Speed * sh + e.LateralVelocity * ch;
        double rx = p.X - e.X, ry = p.Y - e.Y;
        return new Vec3(vx - e.YawRate * ry, vy + e.YawRate * rx, 0);
    }
}
