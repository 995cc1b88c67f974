using HilBridge.Protocol.Messages;
using SensorModels.Mathematics;
using SensorModels.Runtime;

namespace HilBridge.Session;

/// <summary>The Hello's sensor manifest for a rig: one entry per stream (a camera has one per image it outputs).</summary>
public static class SensorManifest
{
    /// <summary>Entries for every stream of <paramref name="rig"/>, in rig order.</summary>
    public static IReadOnlyList<SensorManifestEntry> FromRig(SensorRig rig)
    {
        var entries = new List<SensorManifestEntry>();
        foreach (Sensor s in rig.Sensors)
        {
            (double roll, double pitch, double yaw) = Angles(s.Definition.Mount);
            Vec3 p = s.Definition.Mount.Position;
            string? calibration = s.CalibrationJson;
            foreach (SensorStream stream in s.OutputStreams)
            {
                entries.Add(new SensorManifestEntry(stream.Name, s.Definition.Type, s.Definition.RateHz, stream.Format, p.X, p.Y, p.Z, roll, pitch, yaw, calibration));
            }
        }
        return entries;
    }

    /// <summary>Roll, pitch, yaw (intrinsic z-y'-x'', as the rig files give them) of a pose's rotation.</summary>
    internal static (double Roll, double Pitch, double Yaw) Angles(in Pose3 pose)
    {
        Vec3 x = pose.Rotate(new Vec3(1, 0, 0));
        Vec3 y = pose.Rotate(new Vec3(0, 1, 0));
        Vec3 z = pose.Rotate(new Vec3(0, 0, 1));
        return (Math.Atan2(y.Z, z.Z), Math.Asin(Math.Clamp(-x.Z, -1, 1)), Math.Atan2(x.Y, x.X));
    }
}
