using System.Text.Json;
using SensorModels.Mathematics;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Simulation;

namespace Sim.Runtime.Recording.Foxglove;

internal sealed partial class FoxgloveEncoder
{
    /// <summary>Frame of the ego's vehicle frame (ISO 8855, origin at the rear-axle centre on the ground).</summary>
    public const string EgoFrame = "ego";

    // The OpenCV optical frame (x right, y down, z forward) in the camera's sensor frame
    // (x forward, y left, z up): the rotation with columns (0,-1,0), (0,0,-1), (1,0,0).
    private static readonly FoxgloveQuaternion SensorToOptical = FoxgloveQuaternion.FromMatrix(0, 0, 1, -1, 0, 0, 0, -1, 0);

    /// <summary>
    /// A <c>foxglove.FrameTransform</c> placing <paramref name="child"/> in <paramref name="parent"/>:
    /// the child's origin at (x, y, z) and its axes turned by R = Rz(yaw) Ry(pitch) Rx(roll).
    /// </summary>
    public ReadOnlyMemory<byte> FrameTransform(long timeNs, string parent, string child, double x, double y, double z, double roll, double pitch, double yaw)
        => FrameTransform(timeNs, parent, child, x, y, z, FoxgloveQuaternion.FromRollPitchYaw(roll, pitch, yaw));

    /// <summary>A <c>foxglove.FrameTransform</c> placing <paramref name="child"/> at <paramref name="pose"/> in <paramref name="parent"/>.</summary>
    public ReadOnlyMemory<byte> FrameTransform(long timeNs, string parent, string child, in Pose3 pose)
        => FrameTransform(timeNs, parent, child, pose.Position.X, pose.Position.Y, pose.Position.Z, FoxgloveQuaternion.FromPose(pose));

    private ReadOnlyMemory<byte> FrameTransform(long timeNs, string parent, string child, double x, double y, double z, FoxgloveQuaternion q)
    {
        Utf8JsonWriter w = Begin();
        WriteTransform(w, timeNs, parent, child, x, y, z, q);
        return End();
    }

    /// <summary>
    /// The ego's pose as the transform "world" → "ego": its reference point (rear-axle centre on
    /// the ground) in the world (x east, y north, z up) and its roll, pitch (ISO 8855: nose down
    /// positive) and yaw (the heading, counter-clockwise from east).
    /// </summary>
    public ReadOnlyMemory<byte> EgoTransform(long timeNs, double x, double y, double z, double roll, double pitch, double yaw)
        => FrameTransform(timeNs, WorldFrame, EgoFrame, x, y, z, roll, pitch, yaw);

    /// <summary>The ego's pose from its snapshot, as the sensors see it (<see cref="SensorWorld.VehiclePose"/>: the road's pitch, no roll).</summary>
    public ReadOnlyMemory<byte> EgoTransform(long timeNs, in EntitySnapshot ego)
        => FrameTransform(timeNs, WorldFrame, EgoFrame, SensorWorld.VehiclePose(ego));

    /// <summary>
    /// A sensor's mount as the transform "ego" → <paramref name="sensor"/> (x, y, z in m and roll,
    /// pitch, yaw in rad, as the rig's <c>mount</c>). Mounts do not move: write it once, at the
    /// recording's start (time 0), on a channel Foxglove keeps, or with every ego pose.
    /// </summary>
    public ReadOnlyMemory<byte> MountTransform(long timeNs, string sensor, double x, double y, double z, double roll, double pitch, double yaw)
        => FrameTransform(timeNs, EgoFrame, sensor, x, y, z, roll, pitch, yaw);

    /// <summary>Every sensor's mount as one <c>foxglove.FrameTransforms</c> ("ego" → each sensor name).</summary>
    public ReadOnlyMemory<byte> MountTransforms(long timeNs, IReadOnlyList<SensorDefinition> sensors)
    {
        Utf8JsonWriter w = Begin();
        w.WriteStartObject();
        w.WriteStartArray("transforms"u8);
        for (int i = 0; i < sensors.Count; i++)
        {
            Pose3 mount = sensors[i].Mount;
            WriteTransform(w, timeNs, EgoFrame, sensors[i].Name, mount.Position.X, mount.Position.Y, mount.Position.Z, FoxgloveQuaternion.FromPose(mount));
        }
        w.WriteEndArray();
        w.WriteEndObject();
        return End();
    }

    /// <summary>
    /// The transform <paramref name="camera"/> → <paramref name="opticalFrame"/>: the OpenCV
    /// optical frame Foxglove expects of images (x right, y down, z along the optical axis) at the
    /// camera's origin, turned from its sensor frame (x forward, y left, z up).
    /// </summary>
    public ReadOnlyMemory<byte> CameraOpticalTransform(long timeNs, string camera, string opticalFrame)
        => FrameTransform(timeNs, camera, opticalFrame, 0, 0, 0, SensorToOptical);

    private static void WriteTransform(Utf8JsonWriter w, long timeNs, string parent, string child, double x, double y, double z, FoxgloveQuaternion q)
    {
        w.WriteStartObject();
        WriteTime(w, "timestamp"u8, timeNs);
        w.WriteString("parent_frame_id"u8, parent);
        w.WriteString("child_frame_id"u8, child);
        WriteVector3(w, "translation"u8, x, y, z);
        WriteQuaternion(w, "rotation"u8, q);
        w.WriteEndObject();
    }
}
