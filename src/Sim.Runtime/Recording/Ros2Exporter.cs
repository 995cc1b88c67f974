using System.Buffers.Binary;
using System.Globalization;
using HilBridge.Protocol.Messages;
using Sim.Runtime.Recording;
using Mcap;
using Sim.Runtime.Ros2;
using SensorModels.Output;
using Sim.Runtime.Output;
using SimCore.Diagnostics;

namespace Sim.Runtime.Recording;

/// <summary>
/// A recording as standard ROS 2 messages (CDR, ros2msg schemas) that `ros2 bag play` and
/// Foxglove's ROS views read (docs/mcap.md, "ROS 2"): the ego as nav_msgs/Odometry on /odom and
/// the map -> base_link transform on /tf, the sensor mounts on /tf_static, lidar.v1 as
/// sensor_msgs/PointCloud2, imu.v1 as Imu, gnss.v1 as NavSatFix, camera.rgb8.v1 as Image,
/// camera.compressed.v1 as CompressedImage, can.v1 as can_msgs/Frame (one per frame). Streams with
/// no standard ROS 2 message (radar, ground truth, depth, labels) and the actuation are left out and
/// counted. Stamps are recording time. Either a ROS 2 bag alone (MCAP profile "ros2") or the
/// recording's own channels with the ROS 2 ones beside them.
/// </summary>
public static class Ros2Exporter
{
    /// <summary>What was written.</summary>
    public sealed record Result(long Messages, IReadOnlyDictionary<string, long> PerTopic, IReadOnlyDictionary<string, long> Skipped);

    /// <summary>`sim log export --ros2`: <see cref="Convert"/> onto a path that holds no file, or (with <paramref name="overwrite"/>) a regular file; never a device.</summary>
    /// <param name="input">A recording of `sim run --record` or `sim import`.</param>
    /// <param name="output">The file to write.</param>
    /// <param name="overwrite">Replace an existing file.</param>
    /// <exception cref="InputException">The input is not a recording, or the output may not be written (nothing is written).</exception>
    public static Result Export(string input, string output, bool overwrite)
    {
        OutputFile.Claim(output, "--out", overwrite);
        return Convert(input, output, keepOriginal: false);
    }

    /// <summary>Converts <paramref name="input"/> into <paramref name="output"/> (written as output.partial and renamed).</summary>
    /// <param name="input">A recording of `sim run --record` or `sim import`.</param>
    /// <param name="output">The file to write.</param>
    /// <param name="keepOriginal">Also copy every record of the input (its own channels, attachments, metadata).</param>
    /// <param name="compression">Chunk compression.</param>
    /// <exception cref="InputException">The input is not a recording (nothing is written).</exception>
    public static Result Convert(string input, string output, bool keepOriginal, McapCompression compression = McapCompression.Zstd)
    {
        McapReader reader;
        try
        {
            reader = McapReader.Open(InputFiles.OpenRead(input, "recording"), input);
        }
        catch (McapException e)
        {
            throw new InputException(new SourceLocation(input, 0, 0), e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(new SourceLocation(input, 0, 0), $"cannot read it: {e.Message}");
        }
        using McapReader r = reader;
        if (r.Channels.Values.All(c => c.Topic != RecordingTopics.Ego))
        {
            throw new InputException(new SourceLocation(input, 0, 0), "not a recording of `sim run --record` or `sim import`: it has no /sim/ego channel");
        }
        string partial = output + ".partial";
        var perTopic = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var skipped = new SortedDictionary<string, long>(StringComparer.Ordinal);
        using (FileStream file = File.Create(partial))
        using (var w = new McapWriter(file, new McapWriterOptions { Compression = compression, Profile = keepOriginal ? "" : "ros2", Library = "sim " + RecordingInfo.SimulatorVersion }))
        {
            var x = new Exporter(w, perTopic, skipped);
            var copied = new Dictionary<ushort, ushort>();
            if (keepOriginal)
            {
                var schemas = new Dictionary<ushort, ushort>();
                foreach (McapSchema s in r.Schemas.Values.OrderBy(s => s.Id))
                {
                    schemas[s.Id] = w.AddSchema(s.Name, s.Encoding, s.Data.Span);
                }
                foreach (McapChannel c in r.Channels.Values.OrderBy(c => c.Id))
                {
                    copied[c.Id] = w.AddChannel(c.SchemaId == 0 ? (ushort)0 : schemas[c.SchemaId], c.Topic, c.MessageEncoding, c.Metadata);
                }
                foreach (McapAttachment a in r.Attachments)
                {
                    w.WriteAttachment(a.LogTime, a.CreateTime, a.Name, a.MediaType, a.Data.Span);
                }
                foreach (McapMetadata m in r.Metadata)
                {
                    w.WriteMetadata(m.Name, m.Values);
                }
            }
            var streams = r.Channels.Values.Where(c => c.Topic.StartsWith(RecordingTopics.SensorPrefix, StringComparison.Ordinal))
                .ToDictionary(c => c.Id, c => (Name: c.Topic[RecordingTopics.SensorPrefix.Length..], Format: c.Metadata.GetValueOrDefault("format", ""),
                    Mount: c.Metadata.GetValueOrDefault("mount", "0,0,0,0,0,0")));
            ushort ego = r.Channels.Values.First(c => c.Topic == RecordingTopics.Ego).Id;
            bool mounts = false;
            foreach (McapMessage m in r.ReadMessages())
            {
                if (copied.TryGetValue(m.ChannelId, out ushort to))
                {
                    w.WriteMessage(to, m.Sequence, m.LogTime, m.PublishTime, m.Data.Span);
                }
                if (!mounts)
                {
                    x.Mounts((long)m.LogTime, streams.Values.Select(s => (s.Name, s.Mount)));
                    mounts = true;
                }
                if (m.ChannelId == ego)
                {
                    (ulong _, VehicleState v) = RecordedMessages.ReadEgo(m.Data);
                    x.Ego((long)m.LogTime, v);
                }
                else if (streams.TryGetValue(m.ChannelId, out var s))
                {
                    (SensorFrame f, ReadOnlyMemory<byte> payload) = RecordedMessages.ReadFrame(m.Data, "");
                    x.Sensor(s.Name, s.Format, Math.Max(0, f.EndNanoseconds), payload.Span); // as the recording stamps them (RunRecorder)
                }
            }
            w.Finish();
        }
        File.Move(partial, output, overwrite: true);
        return new Result(perTopic.Values.Sum(), perTopic, skipped);
    }

    /// <summary>A ROS 2 name: letters, digits and '_' (a stream "front.rgb" becomes "front_rgb").</summary>
    public static string RosName(string s)
    {
        string n = new(s.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return n.Length > 0 && char.IsAsciiDigit(n[0]) ? "_" + n : n;
    }

    private sealed class Exporter(McapWriter w, SortedDictionary<string, long> perTopic, SortedDictionary<string, long> skipped)
    {
        private readonly CdrWriter _c = new();
        private readonly Dictionary<string, ushort> _schemas = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (ushort Id, uint Sequence)> _channels = new(StringComparer.Ordinal);

        private void Publish(string topic, string type, long timeNs)
        {
            if (!_channels.TryGetValue(topic, out var ch))
            {
                if (!_schemas.TryGetValue(type, out ushort schema))
                {
                    schema = _schemas[type] = w.AddSchema(Ros2Schemas.Name(type), "ros2msg", System.Text.Encoding.UTF8.GetBytes(Ros2Schemas.Text(type)));
                }
                ch = (w.AddChannel(schema, topic, "cdr"), 0);
            }
            ulong t = (ulong)Math.Max(timeNs, 0);
            w.WriteMessage(ch.Id, ch.Sequence, t, t, _c.Written);
            _channels[topic] = (ch.Id, ch.Sequence + 1);
            perTopic[topic] = perTopic.GetValueOrDefault(topic) + 1;
        }

        private void Header(long timeNs, string frame)
        {
            long t = Math.Max(timeNs, 0);
            _c.I32((int)(t / 1_000_000_000));
            _c.U32((uint)(t % 1_000_000_000));
            _c.String(frame);
        }

        /// <summary>Quaternion (x, y, z, w) of R = Rz(yaw) Ry(pitch) Rx(roll).</summary>
        private static (double X, double Y, double Z, double W) Quaternion(double roll, double pitch, double yaw)
        {
            (double sr, double cr) = Math.SinCos(roll / 2);
            (double sp, double cp) = Math.SinCos(pitch / 2);
            (double sy, double cy) = Math.SinCos(yaw / 2);
            return (sr * cp * cy - cr * sp * sy, cr * sp * cy + sr * cp * sy, cr * cp * sy - sr * sp * cy, cr * cp * cy + sr * sp * sy);
        }

        private void Transform(long timeNs, string parent, string child, double x, double y, double z, double roll, double pitch, double yaw)
        {
            Header(timeNs, parent);
            _c.String(child);
            _c.F64(x);
            _c.F64(y);
            _c.F64(z);
            var q = Quaternion(roll, pitch, yaw);
            _c.F64(q.X);
            _c.F64(q.Y);
            _c.F64(q.Z);
            _c.F64(q.W);
        }

        public void Mounts(long timeNs, IEnumerable<(string Name, string Mount)> sensors)
        {
            var list = sensors.ToList();
            if (list.Count == 0)
            {
                return;
            }
            _c.Begin().Count(list.Count);
            foreach ((string name, string mount) in list)
            {
                double[] m = mount.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                Transform(timeNs, "base_link", RosName(name), m[0], m[1], m[2], m[3], m[4], m[5]);
            }
            Publish("/tf_static", "tf2_msgs/TFMessage", timeNs);
        }

        public void Ego(long timeNs, VehicleState v)
        {
            // ROS (REP 103) pitch is nose up positive; ours (ISO 8855) nose down.
            _c.Begin();
            Header(timeNs, "map");
            _c.String("base_link");
            _c.F64(v.X);
            _c.F64(v.Y);
            _c.F64(v.Z);
            var q = Quaternion(v.Roll, -v.Pitch, v.Yaw);
            _c.F64(q.X);
            _c.F64(q.Y);
            _c.F64(q.Z);
            _c.F64(q.W);
            for (int i = 0; i < 36; i++)
            {
                _c.F64(0);
            }
            _c.F64(v.Speed);
            _c.F64(v.LateralSpeed);
            _c.F64(0);
            _c.F64(0);
            _c.F64(0);
            _c.F64(v.YawRate);
            for (int i = 0; i < 36; i++)
            {
                _c.F64(0);
            }
            Publish("/odom", "nav_msgs/Odometry", timeNs);
            _c.Begin().Count(1);
            Transform(timeNs, "map", "base_link", v.X, v.Y, v.Z, v.Roll, -v.Pitch, v.Yaw);
            Publish("/tf", "tf2_msgs/TFMessage", timeNs);
        }

        public void Sensor(string stream, string format, long timeNs, ReadOnlySpan<byte> p)
        {
            string name = RosName(stream);
            switch (format)
            {
                case "lidar.v1":
                    PointCloud(name, timeNs, p);
                    Publish($"/{name}/points", "sensor_msgs/PointCloud2", timeNs);
                    break;
                case "imu.v1":
                    _c.Begin();
                    Header(timeNs, name);
                    _c.F64(0); _c.F64(0); _c.F64(0); _c.F64(1);
                    _c.F64(-1); // REP 145: no orientation estimate
                    for (int i = 1; i < 9; i++)
                    {
                        _c.F64(0);
                    }
                    for (int i = 0; i < 3; i++)
                    {
                        _c.F64(BinaryPrimitives.ReadDoubleLittleEndian(p[(24 + 8 * i)..]));
                    }
                    for (int i = 0; i < 9; i++)
                    {
                        _c.F64(0);
                    }
                    for (int i = 0; i < 3; i++)
                    {
                        _c.F64(BinaryPrimitives.ReadDoubleLittleEndian(p[(8 * i)..]));
                    }
                    for (int i = 0; i < 9; i++)
                    {
                        _c.F64(0);
                    }
                    Publish($"/{name}/data", "sensor_msgs/Imu", timeNs);
                    break;
                case "gnss.v1":
                {
                    double h = BinaryPrimitives.ReadDoubleLittleEndian(p[48..]), v = BinaryPrimitives.ReadDoubleLittleEndian(p[56..]);
                    _c.Begin();
                    Header(timeNs, name);
                    _c.I8(BinaryPrimitives.ReadInt32LittleEndian(p[64..]) >= 2 ? (sbyte)0 : (sbyte)-1);
                    _c.U16(1);
                    _c.F64(BinaryPrimitives.ReadDoubleLittleEndian(p));
                    _c.F64(BinaryPrimitives.ReadDoubleLittleEndian(p[8..]));
                    _c.F64(BinaryPrimitives.ReadDoubleLittleEndian(p[16..]));
                    bool known = double.IsFinite(h) && double.IsFinite(v);
                    double[] cov = known ? [h * h, 0, 0, 0, h * h, 0, 0, 0, v * v] : new double[9];
                    foreach (double c in cov)
                    {
                        _c.F64(c);
                    }
                    _c.U8(known ? (byte)2 : (byte)0);
                    Publish($"/{name}/fix", "sensor_msgs/NavSatFix", timeNs);
                    break;
                }
                case "camera.rgb8.v1":
                {
                    int width = BinaryPrimitives.ReadInt32LittleEndian(p), height = BinaryPrimitives.ReadInt32LittleEndian(p[4..]);
                    _c.Begin();
                    Header(timeNs, name);
                    _c.U32((uint)height);
                    _c.U32((uint)width);
                    _c.String("rgb8");
                    _c.U8(0);
                    _c.U32((uint)(3 * width));
                    _c.ByteSequence(p[8..]);
                    Publish($"/{name}/image_raw", "sensor_msgs/Image", timeNs);
                    break;
                }
                case "camera.compressed.v1":
                {
                    int n = BinaryPrimitives.ReadUInt16LittleEndian(p);
                    _c.Begin();
                    Header(timeNs, name);
                    _c.String(System.Text.Encoding.UTF8.GetString(p.Slice(2, n)));
                    _c.ByteSequence(p[(2 + n)..]);
                    Publish($"/{name}/image_raw/compressed", "sensor_msgs/CompressedImage", timeNs);
                    break;
                }
                case SensorModels.Can.CanPayload.Format:
                    CanFrames(name, p);
                    break;
                default:
                    skipped[$"{stream} ({format})"] = skipped.GetValueOrDefault($"{stream} ({format})") + 1;
                    break;
            }
        }

        /// <summary>PointCloud2: x, y, z, intensity, t (float32; t the time after the sweep's start, s), ring (uint16); 24 bytes a point.</summary>
        private void PointCloud(string name, long timeNs, ReadOnlySpan<byte> p)
        {
            const int step = 24;
            int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(p);
            int stride = BinaryPrimitives.ReadUInt16LittleEndian(p[4..]);
            _c.Begin();
            Header(timeNs, name);
            _c.U32(1);
            _c.U32((uint)n);
            _c.Count(6);
            foreach ((string field, uint offset, byte type) in new[] { ("x", 0u, (byte)7), ("y", 4u, (byte)7), ("z", 8u, (byte)7), ("intensity", 12u, (byte)7), ("t", 16u, (byte)7), ("ring", 20u, (byte)4) })
            {
                _c.String(field);
                _c.U32(offset);
                _c.U8(type);
                _c.U32(1);
            }
            _c.Bool(false);
            _c.U32(step);
            _c.U32((uint)(n * step));
            Span<byte> data = _c.ByteSequence(n * step);
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<byte> s = p.Slice(16 + i * stride, 36);
                Span<byte> d = data.Slice(i * step, step);
                s[..12].CopyTo(d);                    // x, y, z
                s.Slice(16, 4).CopyTo(d[12..]);       // intensity
                s.Slice(20, 4).CopyTo(d[16..]);       // time offset
                s.Slice(28, 2).CopyTo(d[20..]);       // ring
                d[22] = d[23] = 0;
            }
            _c.Bool(true);
        }

        private void CanFrames(string name, ReadOnlySpan<byte> p)
        {
            int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(p), at = 4;
            Span<byte> data = stackalloc byte[8];
            for (int i = 0; i < n; i++)
            {
                long t = BinaryPrimitives.ReadInt64LittleEndian(p[at..]);
                uint id = BinaryPrimitives.ReadUInt32LittleEndian(p[(at + 8)..]);
                byte flags = p[at + 12], len = p[at + 13];
                ReadOnlySpan<byte> bytes = p.Slice(at + 14, len);
                at += 14 + len;
                if (len > 8)
                {
                    skipped[$"{name} (CAN FD frames)"] = skipped.GetValueOrDefault($"{name} (CAN FD frames)") + 1;
                    continue;
                }
                data.Clear();
                bytes.CopyTo(data);
                _c.Begin();
                Header(t, name);
                _c.U32(id);
                _c.Bool(false);
                _c.Bool((flags & SensorModels.Can.CanPayload.ExtendedFlag) != 0);
                _c.Bool(false);
                _c.U8(len);
                _c.Bytes(data);
                Publish($"/{name}/frames", "can_msgs/Frame", t);
            }
        }
    }
}
