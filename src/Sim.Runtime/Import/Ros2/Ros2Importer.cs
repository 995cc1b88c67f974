using System.Buffers.Binary;
using System.Globalization;
using Mcap;
using SensorModels.Can;
using SensorModels.Gnss;
using SensorModels.Imu;
using SensorModels.Mathematics;
using Sim.Runtime.Ros2;
using SimCore.Diagnostics;

namespace Sim.Runtime.Import.Ros2;

/// <summary>
/// `sim import ros2`: a ROS 2 bag in MCAP (CDR messages, ros2msg schemas) as a recording
/// (docs/replay.md). sensor_msgs/PointCloud2 becomes <c>lidar.v1</c>, Image (rgb8, bgr8, rgba8,
/// bgra8, mono8) <c>camera.rgb8.v1</c>, CompressedImage <c>camera.compressed.v1</c>, Imu
/// <c>imu.v1</c>, NavSatFix <c>gnss.v1</c>, can_msgs/Frame <c>can.v1</c>; nav_msgs/Odometry is the
/// ego; tf2_msgs/TFMessage on /tf_static gives each stream's mount (its frame in the ego's base
/// frame). Times are the messages' header stamps (their log time where a stamp is 0); time 0 is the
/// earliest. Other message types are counted and skipped.
/// </summary>
public static class Ros2Importer
{
    /// <summary>What to import.</summary>
    /// <param name="Bag">The MCAP bag.</param>
    /// <param name="Output">The recording to write.</param>
    /// <param name="EgoTopic">The Odometry topic that is the ego (default: the first).</param>
    /// <param name="StepNs">Tick step.</param>
    public sealed record Options(string Bag, string Output, string? EgoTopic = null, long StepNs = 10_000_000);

    private static readonly string[] Supported =
    [
        "sensor_msgs/msg/PointCloud2", "sensor_msgs/msg/Image", "sensor_msgs/msg/CompressedImage", "sensor_msgs/msg/Imu",
        "sensor_msgs/msg/NavSatFix", "nav_msgs/msg/Odometry", "tf2_msgs/msg/TFMessage", "can_msgs/msg/Frame",
    ];

    /// <summary>A schema name in the form ROS 2 bags use ("pkg/msg/Type"; "pkg/Type" accepted).</summary>
    public static string Normalize(string name) => name.Split('/') is [string pkg, string type] ? $"{pkg}/msg/{type}" : name;

    /// <summary>A stream name for a topic: "/camera/image_raw" becomes "camera_image_raw".</summary>
    public static string StreamName(string topic)
    {
        string s = new(topic.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return s.Trim('_') is { Length: > 0 } t ? t : "stream";
    }

    /// <summary>Imports; returns what was read and written.</summary>
    /// <exception cref="InputException">Not an MCAP file, not a ROS 2 bag, a message that is not valid CDR for its type (topic and sequence named), or nothing to import.</exception>
    public static ImportSummary Run(Options o)
    {
        using McapReader reader = Open(o.Bag);
        var channels = new Dictionary<ushort, (string Topic, string Type)>();
        var skipped = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (McapChannel c in reader.Channels.Values)
        {
            string type = reader.Schemas.TryGetValue(c.SchemaId, out McapSchema? s) ? Normalize(s.Name) : "";
            if (c.MessageEncoding != "cdr" || !Supported.Contains(type))
            {
                skipped[$"{c.Topic} ({(type.Length > 0 ? type : "no schema")}, {c.MessageEncoding})"] = 0;
                continue;
            }
            channels[c.Id] = (c.Topic, type);
        }
        if (channels.Count == 0)
        {
            throw Bad(o.Bag, $"no channel of a type this importer reads ({string.Join(", ", Supported)}) in CDR: {(reader.Channels.Count == 0 ? "the file has no channels" : "found " + string.Join("; ", skipped.Keys))}");
        }

        // Pass 1: the time origin, the ego's odometry, the static transforms and which streams exist.
        long origin = long.MaxValue;
        string? egoTopic = o.EgoTopic;
        var odometry = new List<(long T, Vec3 P, double Yaw, double Pitch, double Roll, double Speed, double Lateral)>();
        string baseFrame = "base_link";
        var parents = new Dictionary<string, (string Parent, Ros2Transform T)>(StringComparer.Ordinal);
        var streamFrames = new Dictionary<string, (string Type, string Frame, int Count)>(StringComparer.Ordinal);
        foreach (McapMessage m in reader.ReadMessages())
        {
            if (!channels.TryGetValue(m.ChannelId, out var ch))
            {
                skipped[SkipKey(reader, m.ChannelId)] = skipped.GetValueOrDefault(SkipKey(reader, m.ChannelId)) + 1;
                continue;
            }
            Decode(ch, m, () =>
            {
                var r = new CdrReader(m.Data.Span);
                if (ch.Type == "tf2_msgs/msg/TFMessage")
                {
                    int n = r.Count("transforms", 16);
                    for (int i = 0; i < n; i++)
                    {
                        (long _, string parent) = Header(ref r, (long)m.LogTime);
                        string child = r.String("child_frame_id");
                        var t = new Ros2Transform(r.F64(), r.F64(), r.F64(), r.F64(), r.F64(), r.F64(), r.F64());
                        if (ch.Topic == "/tf_static" && child != parent)
                        {
                            parents[child] = (parent, t);
                        }
                    }
                    return;
                }
                (long stamp, string frame) = Header(ref r, (long)m.LogTime);
                origin = Math.Min(origin, stamp);
                if (ch.Type == "nav_msgs/msg/Odometry")
                {
                    egoTopic ??= ch.Topic;
                    if (ch.Topic != egoTopic)
                    {
                        return;
                    }
                    string child = r.String("child_frame_id");
                    baseFrame = child.Length > 0 ? child : baseFrame;
                    var p = new Vec3(r.F64(), r.F64(), r.F64());
                    var q = new Ros2Transform(0, 0, 0, r.F64(), r.F64(), r.F64(), r.F64());
                    r.SkipF64(36, "pose covariance");
                    double vx = r.F64(), vy = r.F64();
                    (double roll, double pitch, double yaw) = q.Euler();
                    odometry.Add((stamp, p, yaw, -pitch, roll, vx, vy)); // REP 103 pitch is nose up positive; ISO 8855 nose down
                    return;
                }
                string name = StreamName(ch.Topic);
                streamFrames[name] = (ch.Type, frame, streamFrames.GetValueOrDefault(name).Count + 1);
            });
        }
        if (origin == long.MaxValue)
        {
            throw Bad(o.Bag, "the bag has no message of a type this importer reads" + (reader.Recovered ? $" before its damage ({reader.RecoveryReason})" : ""));
        }
        if (o.EgoTopic is not null && odometry.Count == 0)
        {
            throw Bad("--ego-topic", $"no nav_msgs/Odometry messages on {o.EgoTopic}");
        }
        odometry.Sort((a, b) => a.T.CompareTo(b.T));
        odometry = odometry.Where((x, i) => i == 0 || x.T > odometry[i - 1].T).ToList();
        IEgoTrack track = odometry.Count >= 2
            ? new SampledEgoTrack(odometry.Select(x => x.T - origin).ToArray(), odometry.Select(x => x.P).ToArray(), odometry.Select(x => x.Yaw).ToArray(),
                odometry.Select(x => x.Pitch).ToArray(), odometry.Select(x => x.Roll).ToArray(), odometry.Select(x => x.Speed).ToArray(), odometry.Select(x => x.Lateral).ToArray(), null, 1)
            : new StandingEgo();

        var streams = new List<ImportedStream>();
        var formats = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string name, (string type, string frame, int count)) in streamFrames.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            (string kind, string format) = type switch
            {
                "sensor_msgs/msg/PointCloud2" => ("lidar", "lidar.v1"),
                "sensor_msgs/msg/Image" => ("camera", "camera.rgb8.v1"),
                "sensor_msgs/msg/CompressedImage" => ("camera", "camera.compressed.v1"),
                "sensor_msgs/msg/Imu" => ("imu", "imu.v1"),
                "sensor_msgs/msg/NavSatFix" => ("gnss", "gnss.v1"),
                _ => ("can", CanPayload.Format),
            };
            Ros2Transform mount = Mount(frame, baseFrame, parents);
            (double roll, double pitch, double yaw) = mount.Euler();
            streams.Add(new ImportedStream(name, kind, format, 10, [mount.X, mount.Y, mount.Z, roll, pitch, yaw]));
            formats[name] = format;
        }
        var summary = new ImportSummary { Output = o.Output };
        long last = odometry.Count > 0 ? odometry[^1].T - origin : 0;
        using ImportWriter writer = ImportWriter.Create(o.Output, $"ros2 {Path.GetFileName(o.Bag)}", o.StepNs, track, streams, McapCompression.Zstd);

        // Pass 2: the sensor streams.
        var lidar = new Pcap.LidarPayload();
        var can = new Dictionary<string, CanBatch>(StringComparer.Ordinal);
        var imu = new byte[ImuPayload.Bytes];
        var gnss = new byte[GnssSolution.Bytes];
        var warnings = new SortedSet<string>(StringComparer.Ordinal);
        long messages = 0;
        foreach (McapMessage m in reader.ReadMessages(sortByLogTime: true))
        {
            if (!channels.TryGetValue(m.ChannelId, out var ch) || ch.Type is "tf2_msgs/msg/TFMessage" or "nav_msgs/msg/Odometry")
            {
                continue;
            }
            string name = StreamName(ch.Topic);
            Decode(ch, m, () =>
            {
                var r = new CdrReader(m.Data.Span);
                (long stamp, _) = Header(ref r, (long)m.LogTime);
                long t = stamp - origin;
                last = Math.Max(last, t);
                messages++;
                switch (ch.Type)
                {
                    case "sensor_msgs/msg/PointCloud2":
                        if (PointCloud(ref r, lidar, out string? why))
                        {
                            writer.Output(name, t, t, lidar.Finish((uint)lidar.Points));
                        }
                        else
                        {
                            warnings.Add($"{ch.Topic}: {why}; skipped");
                        }
                        break;
                    case "sensor_msgs/msg/Image":
                        if (Image(ref r, out byte[]? rgb, out string? bad))
                        {
                            writer.Output(name, t, t, rgb);
                        }
                        else
                        {
                            warnings.Add($"{ch.Topic}: {bad}; skipped");
                        }
                        break;
                    case "sensor_msgs/msg/CompressedImage":
                    {
                        string format = r.String("format");
                        ReadOnlySpan<byte> data = r.ByteSequence("data");
                        byte[] f = System.Text.Encoding.UTF8.GetBytes(format);
                        byte[] p = new byte[2 + f.Length + data.Length];
                        BinaryPrimitives.WriteUInt16LittleEndian(p, (ushort)Math.Min(f.Length, ushort.MaxValue));
                        f.CopyTo(p, 2);
                        data.CopyTo(p.AsSpan(2 + f.Length));
                        writer.Output(name, t, t, p);
                        break;
                    }
                    case "sensor_msgs/msg/Imu":
                    {
                        r.F64(); r.F64(); r.F64(); r.F64();
                        r.SkipF64(9, "orientation covariance");
                        var w = new Vec3(r.F64(), r.F64(), r.F64());
                        r.SkipF64(9, "angular velocity covariance");
                        var a = new Vec3(r.F64(), r.F64(), r.F64());
                        ImuPayload.Write(imu, a, w);
                        writer.Output(name, t, t, imu);
                        break;
                    }
                    case "sensor_msgs/msg/NavSatFix":
                    {
                        sbyte status = r.I8("status");
                        r.U16("service");
                        double lat = r.F64(), lon = r.F64(), alt = r.F64();
                        double cxx = r.F64();
                        r.SkipF64(3, "position covariance");
                        double cyy = r.F64();
                        r.SkipF64(3, "position covariance");
                        double czz = r.F64();
                        byte covType = r.U8("position_covariance_type");
                        double h = covType == 0 ? double.NaN : Math.Sqrt(Math.Max(cxx, cyy)), v = covType == 0 ? double.NaN : Math.Sqrt(czz);
                        new GnssSolution(lat, lon, alt, new Vec3(double.NaN, double.NaN, double.NaN), h, v, status >= 0 ? GnssSolution.Fix3D : 0).Write(gnss);
                        writer.Output(name, t, t, gnss);
                        break;
                    }
                    case "can_msgs/msg/Frame":
                    {
                        uint id = r.U32("id");
                        r.Bool("is_rtr");
                        bool extended = r.Bool("is_extended");
                        bool error = r.Bool("is_error");
                        byte dlc = r.U8("dlc");
                        ReadOnlySpan<byte> data = r.Bytes(8, "data");
                        if (error)
                        {
                            break;
                        }
                        if (!can.TryGetValue(name, out CanBatch? b))
                        {
                            b = can[name] = new CanBatch();
                        }
                        b.Add(writer, name, o.StepNs, t, extended ? id & 0x1FFF_FFFF : id & 0x7FF, extended, data[..Math.Min((int)dlc, 8)]);
                        break;
                    }
                }
            });
        }
        foreach ((string name, CanBatch b) in can)
        {
            b.Flush(writer, name);
        }
        summary.InputBytes = new FileInfo(o.Bag).Length;
        summary.Facts.Add(("source", Path.GetFileName(o.Bag)));
        summary.Facts.Add(("messages", $"{messages} sensor messages on {streamFrames.Count} topics"));
        summary.Facts.Add(("ego", odometry.Count >= 2 ? $"{egoTopic}: {odometry.Count} odometry messages, base frame {baseFrame}" : "no odometry: the ego stands at the origin"));
        summary.Facts.Add(("static_transforms", parents.Count.ToString(CultureInfo.InvariantCulture)));
        summary.Facts.Add(("time_origin_ns", origin.ToString(CultureInfo.InvariantCulture)));
        foreach (string w in warnings)
        {
            summary.Warnings.Add(w);
        }
        foreach ((string key, int n) in skipped)
        {
            summary.Warnings.Add($"{key}: {n} messages skipped (not a type this importer reads)");
        }
        if (reader.Recovered)
        {
            summary.Damage = $"{o.Bag}: {reader.RecoveryReason}; imported its {reader.CompleteChunks} complete chunks";
        }
        writer.Complete(last, summary.Metadata());
        summary.Ticks = writer.Ticks;
        summary.Outputs = writer.Outputs;
        return summary;
    }

    private static string SkipKey(McapReader reader, ushort channel)
    {
        McapChannel c = reader.Channels[channel];
        string type = reader.Schemas.TryGetValue(c.SchemaId, out McapSchema? s) ? Normalize(s.Name) : "no schema";
        return $"{c.Topic} ({type}, {c.MessageEncoding})";
    }

    private delegate void Body();

    private static void Decode((string Topic, string Type) ch, McapMessage m, Body body)
    {
        try
        {
            body();
        }
        catch (FormatException e)
        {
            throw Bad(ch.Topic, $"message {m.Sequence} (log time {m.LogTime / 1e9:F6} s): not a valid {ch.Type}: {e.Message}");
        }
    }

    private static (long StampNs, string FrameId) Header(ref CdrReader r, long logTime)
    {
        int sec = r.I32("header.stamp.sec");
        uint nsec = r.U32("header.stamp.nanosec");
        string frame = r.String("header.frame_id");
        long stamp = sec * 1_000_000_000L + nsec;
        return (stamp == 0 ? logTime : stamp, frame);
    }

    private static Ros2Transform Mount(string frame, string baseFrame, Dictionary<string, (string Parent, Ros2Transform T)> parents)
    {
        Ros2Transform t = Ros2Transform.Identity;
        string at = frame;
        for (int depth = 0; depth < 32 && at != baseFrame && parents.TryGetValue(at, out var p); depth++)
        {
            t = p.T.Then(t);
            at = p.Parent;
        }
        return at == baseFrame ? t : Ros2Transform.Identity;
    }

    /// <summary>PointCloud2 (x, y, z float32/float64 fields; intensity, ring and t/time optional) as lidar.v1 points.</summary>
    private static bool PointCloud(ref CdrReader r, Pcap.LidarPayload payload, out string? why)
    {
        uint height = r.U32("height"), width = r.U32("width");
        int nf = r.Count("fields", 12);
        var fields = new Dictionary<string, (int Offset, byte Type)>(StringComparer.Ordinal);
        for (int i = 0; i < nf; i++)
        {
            string name = r.String("fields.name");
            uint offset = r.U32("fields.offset");
            byte type = r.U8("fields.datatype");
            r.U32("fields.count");
            fields[name] = ((int)Math.Min(offset, int.MaxValue), type);
        }
        bool big = r.Bool("is_bigendian");
        uint step = r.U32("point_step"), rowStep = r.U32("row_step");
        ReadOnlySpan<byte> data = r.ByteSequence("data");
        payload.Clear();
        why = null;
        if (!fields.TryGetValue("x", out var fx) || !fields.TryGetValue("y", out var fy) || !fields.TryGetValue("z", out var fz))
        {
            why = "a PointCloud2 without x, y and z fields";
            return false;
        }
        if (big || (long)height * rowStep > data.Length || (long)width * step > rowStep || step == 0)
        {
            why = big ? "a big-endian PointCloud2" : $"{height} x {width} points of {step} bytes ({rowStep} a row) do not fit {data.Length} bytes of data";
            return false;
        }
        fields.TryGetValue("intensity", out var fi);
        bool hasI = fields.ContainsKey("intensity");
        bool hasRing = fields.TryGetValue("ring", out var fr);
        (int Offset, byte Type) ft = default;
        bool hasT = fields.TryGetValue("t", out ft) || fields.TryGetValue("time", out ft) || fields.TryGetValue("timestamp", out ft);
        for (int row = 0; row < height; row++)
        {
            for (int col = 0; col < width; col++)
            {
                ReadOnlySpan<byte> p = data.Slice((int)(row * rowStep + col * step), (int)step);
                double x = Field(p, fx), y = Field(p, fy), z = Field(p, fz);
                if (!double.IsFinite(x) || !double.IsFinite(y) || !double.IsFinite(z))
                {
                    continue;
                }
                // A time field in whole numbers is nanoseconds (Ouster's t), in floats seconds (Velodyne's time).
                double time = hasT ? ft.Type is 7 or 8 ? Field(p, ft) : Field(p, ft) * 1e-9 : 0;
                payload.Add(x, y, z, Math.Sqrt(x * x + y * y + z * z), hasI ? Field(p, fi) : 0, time, hasRing ? (int)Field(p, fr) : row, col, 0);
            }
        }
        return true;
    }

    /// <summary>A PointField value (datatype 1 int8 ... 8 float64) at its offset; NaN where it does not fit the point.</summary>
    private static double Field(ReadOnlySpan<byte> p, (int Offset, byte Type) f)
    {
        int size = f.Type switch { 1 or 2 => 1, 3 or 4 => 2, 5 or 6 or 7 => 4, 8 => 8, _ => 0 };
        if (size == 0 || f.Offset + size > p.Length)
        {
            return double.NaN;
        }
        ReadOnlySpan<byte> b = p[f.Offset..];
        return f.Type switch
        {
            1 => (sbyte)b[0],
            2 => b[0],
            3 => BinaryPrimitives.ReadInt16LittleEndian(b),
            4 => BinaryPrimitives.ReadUInt16LittleEndian(b),
            5 => BinaryPrimitives.ReadInt32LittleEndian(b),
            6 => BinaryPrimitives.ReadUInt32LittleEndian(b),
            7 => BinaryPrimitives.ReadSingleLittleEndian(b),
            _ => BinaryPrimitives.ReadDoubleLittleEndian(b),
        };
    }

    /// <summary>Image as camera.rgb8.v1 (int32 width, int32 height, RGB bytes).</summary>
    private static bool Image(ref CdrReader r, out byte[]? rgb, out string? why)
    {
        uint h = r.U32("height"), w = r.U32("width");
        string encoding = r.String("encoding");
        r.U8("is_bigendian");
        uint step = r.U32("step");
        ReadOnlySpan<byte> data = r.ByteSequence("data");
        (rgb, why) = (null, null);
        int channels = encoding switch { "rgb8" or "bgr8" => 3, "rgba8" or "bgra8" => 4, "mono8" => 1, _ => 0 };
        if (channels == 0)
        {
            why = $"image encoding '{encoding}' (rgb8, bgr8, rgba8, bgra8 and mono8 are read)";
            return false;
        }
        if (w > 16384 || h > 16384 || (long)w * channels > step || (long)h * step > data.Length)
        {
            why = $"a {w} x {h} {encoding} image with rows of {step} bytes does not fit {data.Length} bytes";
            return false;
        }
        rgb = new byte[8 + w * h * 3];
        BinaryPrimitives.WriteInt32LittleEndian(rgb, (int)w);
        BinaryPrimitives.WriteInt32LittleEndian(rgb.AsSpan(4), (int)h);
        bool bgr = encoding[0] == 'b';
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                ReadOnlySpan<byte> s = data.Slice((int)(y * step + x * channels), channels);
                int o = 8 + (y * (int)w + x) * 3;
                if (channels == 1)
                {
                    rgb[o] = rgb[o + 1] = rgb[o + 2] = s[0];
                }
                else
                {
                    rgb[o] = s[bgr ? 2 : 0];
                    rgb[o + 1] = s[1];
                    rgb[o + 2] = s[bgr ? 0 : 2];
                }
            }
        }
        return true;
    }

    private static McapReader Open(string path)
    {
        try
        {
            return McapReader.Open(InputFiles.OpenRead(path, "bag"), path);
        }
        catch (McapException e)
        {
            throw Bad(path, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Bad(path, e is FileNotFoundException ? "bag not found" : $"cannot read it: {e.Message}");
        }
    }

    private static InputException Bad(string where, string message) => new(new SourceLocation(where, 0, 0), message);
}
