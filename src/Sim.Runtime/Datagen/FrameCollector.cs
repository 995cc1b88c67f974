using SensorModels.Lidar;
using SensorModels.Output;

namespace Sim.Runtime.Datagen;

/// <summary>
/// A handler of the rig's outputs (<see cref="SensorModels.Runtime.StepStages.SensorOutput"/>) keeping what the next frame
/// needs: the latest complete lidar sweep (all its packets), the latest ground truth, camera colour
/// and boxes at their times, and each radar's latest output. Payload buffers are reused.
/// </summary>
internal sealed class FrameCollector(DatagenRig rig) : ISensorSink
{
    private readonly Dictionary<string, Output> _latest = new(StringComparer.Ordinal);

    /// <summary>A stored output: its header and payload.</summary>
    internal sealed class Output
    {
        public SensorFrame Frame { get; set; }

        public byte[] Payload { get; set; } = [];
    }

    /// <summary>The dataset lidar's sweeps: the last complete one.</summary>
    public LidarSweepAssembler Lidar { get; } = new(rig.Lidar.Name);

    /// <summary>The latest output of a sensor or camera stream, or null.</summary>
    public Output? Latest(string name) => _latest.GetValueOrDefault(name);

    private bool IsRadar(string name)
    {
        foreach (var r in rig.Radars)
        {
            if (r.Name == name)
            {
                return true;
            }
        }
        return false;
    }

    /// <inheritdoc/>
    public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload)
    {
        if (frame.Sensor == rig.Lidar.Name)
        {
            Lidar.Add(frame, payload);
            return;
        }
        if (frame.Sensor == rig.GroundTruth.Name || frame.Sensor == rig.RgbStream || frame.Sensor == rig.BoxStream
            || IsRadar(frame.Sensor))
        {
            if (!_latest.TryGetValue(frame.Sensor, out Output? o))
            {
                _latest[frame.Sensor] = o = new Output();
            }
            if (o.Payload.Length != payload.Length)
            {
                o.Payload = new byte[payload.Length];
            }
            payload.CopyTo(o.Payload);
            o.Frame = frame;
        }
    }
}
