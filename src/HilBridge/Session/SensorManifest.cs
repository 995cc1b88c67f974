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
            (double roll, double pitch, double yaw) = s.Definition.Mount.Angles();
            Vec3 p = s.Definition.Mount.Position;
            string? calibration = s.CalibrationJson;
            foreach (SensorStream stream in s.OutputStreams)
            {
                entries.Add(new SensorManifestEntry(stream.Name, s.Definition.Type, s.Definition.RateHz, stream.Format, p.X, p.Y, p.Z, roll, pitch, yaw, calibration));
            }
        }
        return entries;
    }
}
