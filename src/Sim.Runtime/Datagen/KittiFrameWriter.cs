using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SensorModels.GroundTruth;
using SensorModels.Lidar;
using Sim.Runtime.Batch;
using SimCore.Simulation;

using Sim.Runtime.Output;

namespace Sim.Runtime.Datagen;

/// <summary>Writes one frame's files from the collected sensor outputs (docs/datagen.md, "Output layout").</summary>
internal sealed class KittiFrameWriter(string outDir, DatagenRig rig, KittiCalibration calib)
{
    private readonly string _calibText = calib.Text();

    /// <summary>Writes frame <paramref name="id"/> at time <paramref name="timeNs"/>; throws when an output of that time is missing.</summary>
    public void Write(long id, long timeNs, FrameCollector c, Simulator sim, Action<Utf8JsonWriter> lineage)
    {
        string n = FrameFiles.Stem(id);
        LidarSweepAssembler sweep = c.Lidar.HasSweep && c.Lidar.EndNanoseconds == timeNs ? c.Lidar : throw new InvalidOperationException($"no sweep of lidar '{rig.Lidar.Name}' ends at {timeNs} ns");
        FrameCollector.Output gt = c.Latest(rig.GroundTruth.Name) is { } g && g.Frame.EndNanoseconds == timeNs ? g
            : throw new InvalidOperationException($"no output of ground truth '{rig.GroundTruth.Name}' at {timeNs} ns");
        FrameCollector.Output? rgb = null, boxes = null;
        if (rig.RgbStream is { } rs)
        {
            rgb = c.Latest(rs) is { } r && r.Frame.EndNanoseconds == timeNs ? r : throw new InvalidOperationException($"no image of camera '{rig.Camera!.Definition.Name}' at {timeNs} ns");
            boxes = rig.BoxStream is { } bs ? c.Latest(bs) : null;
        }

        // velodyne: float32 x, y, z, intensity per point, lidar frame (at the sweep's end when motion-compensated).
        int total = sweep.Points;
        byte[] velodyne = new byte[total * 16];
        ReadOnlySpan<byte> all = sweep.Sweep;
        int stride = BinaryPrimitives.ReadUInt16LittleEndian(all[4..]);
        int xyz = stride == 48 ? 36 : 0;
        for (int i = 0; i < total; i++)
        {
            ReadOnlySpan<byte> pt = all.Slice(16 + i * stride, stride);
            pt.Slice(xyz, 12).CopyTo(velodyne.AsSpan(i * 16));
            pt.Slice(16, 4).CopyTo(velodyne.AsSpan(i * 16 + 12));
        }
        var points = new Dictionary<int, int>();
        sweep.CountEntityPoints(points);
        Dictionary<int, CameraBox>? cameraBoxes = boxes is not null && boxes.Frame.EndNanoseconds == timeNs ? CameraBox.Read(boxes.Payload) : null;
        var labels = new StringBuilder();
        GroundTruthPayload.TryCount(gt.Payload, out int objects);
        for (int i = 0; i < objects; i++)
        {
            GroundTruthObject o = GroundTruthPayload.Read(gt.Payload, i);
            if (KittiLabel.Create(o, rig.GroundTruth.Mount, rig.Lidar.Mount, calib, points.GetValueOrDefault(o.Id),
                cameraBoxes?.GetValueOrDefault(o.Id), cameraBoxes is not null) is { } label)
            {
                labels.Append(label.Line()).Append('\n');
            }
        }

        AtomicFile.Write(Path.Combine(outDir, "velodyne", n + ".bin"), s => s.Write(velodyne));
        AtomicFile.Write(Path.Combine(outDir, "lidar", n + ".bin"), s => s.Write(sweep.Packets));
        AtomicFile.WriteText(Path.Combine(outDir, "calib", n + ".txt"), _calibText);
        if (rgb is not null)
        {
            int w = BinaryPrimitives.ReadInt32LittleEndian(rgb.Payload), h = BinaryPrimitives.ReadInt32LittleEndian(rgb.Payload.AsSpan(4));
            AtomicFile.Write(Path.Combine(outDir, "image_2", n + ".png"), s => PngWriter.Write(s, w, h, rgb.Payload.AsSpan(8)));
        }
        var radars = new List<(string Name, FrameCollector.Output? Output)>();
        foreach (var r in rig.Radars)
        {
            FrameCollector.Output? o = c.Latest(r.Name);
            radars.Add((r.Name, o));
            // The radar's latest cycle at or before the frame time (empty file before its first).
            AtomicFile.Write(Path.Combine(outDir, "radar", r.Name, n + ".bin"), s => s.Write(o is null ? [] : o.Payload));
        }
        AtomicFile.Write(Path.Combine(outDir, "ego", n + ".json"), s => Ego(s, n, timeNs, sim, sweep, total, gt, rgb, radars, lineage));
        AtomicFile.WriteText(Path.Combine(outDir, "label_2", n + ".txt"), labels.ToString());
    }

    private void Ego(Stream s, string n, long timeNs, Simulator sim, LidarSweepAssembler sweep, int points,
        FrameCollector.Output gt, FrameCollector.Output? rgb, List<(string Name, FrameCollector.Output? Output)> radars, Action<Utf8JsonWriter> lineage)
    {
        var snapshots = new EntitySnapshot[sim.EntityCount];
        sim.GetSnapshot(snapshots);
        EntitySnapshot e = snapshots[sim.EgoIndex];
        using var j = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true });
        j.WriteStartObject();
        j.WriteString("frame", n);
        j.WriteNumber("time", timeNs / 1e9);
        j.WriteNumber("time_ns", timeNs);
        lineage(j);
        j.WriteStartObject("ego");
        j.WriteString("name", e.Name);
        j.WriteNumber("x", e.X);
        j.WriteNumber("y", e.Y);
        j.WriteNumber("z", e.Z);
        j.WriteNumber("heading", e.Heading);
        j.WriteNumber("pitch", e.Pitch);
        j.WriteNumber("speed", e.Speed);
        j.WriteNumber("lateral_velocity", e.LateralVelocity);
        j.WriteNumber("yaw_rate", e.YawRate);
        j.WriteNumber("acceleration", e.Acceleration);
        j.WriteNumber("lateral_acceleration", e.LateralAcceleration);
        j.WriteNumber("steering_angle", e.SteeringAngle);
        if (e.HasRoad)
        {
            j.WriteString("road", e.RoadId);
            j.WriteNumber("s", e.RoadS);
            j.WriteNumber("lane", e.LaneId);
        }
        j.WriteEndObject();
        j.WriteStartObject("sensors");
        j.WriteStartObject("lidar");
        j.WriteString("name", rig.Lidar.Name);
        j.WriteNumber("sequence", sweep.Sequence);
        j.WriteNumber("start_ns", sweep.StartNanoseconds);
        j.WriteNumber("end_ns", sweep.EndNanoseconds);
        j.WriteNumber("points", points);
        j.WriteEndObject();
        j.WriteStartObject("ground_truth");
        j.WriteString("name", rig.GroundTruth.Name);
        j.WriteNumber("sequence", gt.Frame.Sequence);
        j.WriteNumber("time_ns", gt.Frame.EndNanoseconds);
        j.WriteEndObject();
        if (rgb is not null)
        {
            j.WriteStartObject("camera");
            j.WriteString("name", rig.Camera!.Definition.Name);
            j.WriteNumber("sequence", rgb.Frame.Sequence);
            j.WriteNumber("time_ns", rgb.Frame.EndNanoseconds);
            j.WriteEndObject();
        }
        else
        {
            j.WriteString("camera", "virtual (KITTI P2 intrinsics, docs/datagen.md)");
        }
        j.WriteStartObject("radar");
        foreach ((string name, FrameCollector.Output? o) in radars)
        {
            j.WriteStartObject(name);
            j.WriteString("file", $"radar/{name}/{n}.bin");
            if (o is null)
            {
                j.WriteNull("format");
            }
            else
            {
                j.WriteString("format", o.Frame.Format);
                j.WriteNumber("sequence", o.Frame.Sequence);
                j.WriteNumber("time_ns", o.Frame.EndNanoseconds);
            }
            j.WriteEndObject();
        }
        j.WriteEndObject();
        j.WriteEndObject();
        j.WriteEndObject();
    }
}
