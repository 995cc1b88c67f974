using System.CommandLine;
using System.Globalization;
using System.Text;
using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using HilBridge.Recording;
using HilBridge.Recording.Mcap;
using SensorModels.Output;
using SimCore.Simulation;

namespace Sim.Cli.Commands;

/// <summary>`sim log info FILE` and `sim log export FILE --topic T --out PATH`: look into recordings (docs/mcap.md).</summary>
internal static class LogCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "An MCAP recording (`sim run --record`); a .partial one is read up to its last complete chunk" };
        var info = new Command("info", "Print a recording's channels (messages per topic), time range, metadata and attachments");
        info.Arguments.Add(file);
        info.SetAction(r => Info(r.GetValue(file)!));

        var file2 = new Argument<string>("file") { Description = "An MCAP recording" };
        var topic = new Option<string?>("--topic") { Description = "The channel: /sim/ego, /sim/ground_truth, /sim/actuation, /sim/events (CSV), /sim/sensor/NAME (raw .bin/.json as --record-sensors writes), /foxglove/... (JSON lines), or an attachment name" };
        var ros2 = new Option<bool>("--ros2") { Description = "Instead of one channel: the whole recording as a ROS 2 bag (MCAP, CDR: Odometry, TF, PointCloud2, Imu, NavSatFix, Image, CompressedImage, can_msgs/Frame) for ros2 bag play and Foxglove's ROS views" };
        var output = new Option<string>("--out") { Description = "Output file (CSV, JSON lines, attachment) or directory (sensor streams)", Required = true };
        var export = new Command("export", "Write one channel of a recording to CSV or raw files, or (--ros2) the recording as a ROS 2 bag");
        export.Arguments.Add(file2);
        export.Options.Add(topic);
        export.Options.Add(ros2);
        export.Options.Add(output);
        export.SetAction(r =>
        {
            if (r.GetValue(ros2))
            {
                return ExportRos2(r.GetValue(file2)!, r.GetValue(output)!);
            }
            if (r.GetValue(topic) is not { } t)
            {
                Console.Error.WriteLine("error: give --topic TOPIC (one channel) or --ros2 (the recording as a ROS 2 bag)");
                return ExitCodes.BadInput;
            }
            return Export(r.GetValue(file2)!, t, r.GetValue(output)!);
        });

        var cmd = new Command("log", "Inspect and export recordings");
        cmd.Subcommands.Add(info);
        cmd.Subcommands.Add(export);
        return cmd;
    }

    internal static int Info(string path)
    {
        try
        {
            using McapReader r = McapReader.Open(path);
            McapStatistics st = r.Statistics;
            var o = new StringBuilder();
            o.AppendLine(CultureInfo.InvariantCulture, $"{path}: MCAP, library '{r.Library}', {st.MessageCount} messages in {st.ChunkCount} chunks");
            if (r.Recovered)
            {
                o.AppendLine(CultureInfo.InvariantCulture, $"  recovered without its summary: {r.RecoveryReason} (cut off at byte {r.TruncatedAt?.ToString(CultureInfo.InvariantCulture) ?? "?"}; {r.CompleteChunks} complete chunks read)");
            }
            if (st.MessageCount > 0)
            {
                o.AppendLine(CultureInfo.InvariantCulture, $"  time: {st.MessageStartTime / 1e9:F3} s .. {st.MessageEndTime / 1e9:F3} s");
            }
            foreach (McapMetadata m in r.Metadata)
            {
                o.AppendLine(CultureInfo.InvariantCulture, $"  metadata '{m.Name}': {string.Join(", ", m.Values.Select(kv => $"{kv.Key}={kv.Value}"))}");
            }
            o.AppendLine("  channels:");
            foreach (McapChannel c in r.Channels.Values.OrderBy(c => c.Topic, StringComparer.Ordinal))
            {
                string schema = c.SchemaId != 0 && r.Schemas.TryGetValue(c.SchemaId, out McapSchema? s) ? s.Name : "-";
                ulong count = st.ChannelMessageCounts.GetValueOrDefault(c.Id);
                string format = c.Metadata.TryGetValue("format", out string? f) ? $" format {f}" : "";
                o.AppendLine(CultureInfo.InvariantCulture, $"    {c.Topic,-34} {count,8} msgs  {c.MessageEncoding,-8} {schema}{format}");
            }
            foreach (McapAttachment a in r.Attachments)
            {
                o.AppendLine(CultureInfo.InvariantCulture, $"  attachment '{a.Name}' ({a.MediaType}, {a.Data.Length} bytes)");
            }
            Console.Write(o.ToString());
            return ExitCodes.Pass;
        }
        catch (McapException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{path}: error: cannot read it: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    internal static int Export(string path, string topic, string output)
    {
        try
        {
            using McapReader r = McapReader.Open(path);
            if (r.Attachments.FirstOrDefault(a => a.Name == topic) is { } attachment)
            {
                WriteAtomically(output, s => s.Write(attachment.Data.Span));
                return ExitCodes.Pass;
            }
            McapChannel? channel = r.Channels.Values.FirstOrDefault(c => c.Topic == topic);
            if (channel is null)
            {
                Console.Error.WriteLine($"--topic: error: '{topic}' is not a channel or attachment of {path} ({string.Join(", ", r.Channels.Values.Select(c => c.Topic).Order(StringComparer.Ordinal))})");
                return ExitCodes.BadInput;
            }
            IEnumerable<McapMessage> Messages() => r.ReadMessages().Where(m => m.ChannelId == channel.Id);
            if (topic.StartsWith(RecordingTopics.SensorPrefix, StringComparison.Ordinal))
            {
                string type = channel.Metadata.GetValueOrDefault("type", "");
                var sink = new FileSensorSink(output);
                try
                {
                    foreach (McapMessage m in Messages())
                    {
                        (FrameDescriptor f, ReadOnlyMemory<byte> payload) = RecordedMessages.ReadFrame(m.Data);
                        sink.Write(new SensorFrame(f.Stream, type, f.Format, f.Sequence, f.StartNs, f.EndNs), payload.Span);
                    }
                    sink.Complete();
                }
                finally
                {
                    sink.Dispose();
                }
                return ExitCodes.Pass;
            }
            WriteAtomically(output, s =>
            {
                using var w = new StreamWriter(s, new UTF8Encoding(false));
                w.NewLine = "\n";
                switch (topic)
                {
                    case RecordingTopics.Ego:
                        w.WriteLine("tick,time,x,y,z,yaw,pitch,roll,speed,lateral_speed,acceleration,lateral_acceleration,yaw_rate,steering_angle");
                        foreach (McapMessage m in Messages())
                        {
                            (ulong tick, VehicleState v) = RecordedMessages.ReadEgo(m.Data);
                            w.WriteLine(Csv(tick, m.LogTime / 1e9, v.X, v.Y, v.Z, v.Yaw, v.Pitch, v.Roll, v.Speed, v.LateralSpeed, v.Acceleration, v.LateralAcceleration, v.YawRate, v.SteeringAngle));
                        }
                        break;
                    case RecordingTopics.GroundTruth:
                        w.WriteLine("tick,time,id,name,kind,is_ego,x,y,z,heading,pitch,speed,lateral_velocity,yaw_rate,acceleration,length,width,height,center_offset_x");
                        foreach (McapMessage m in Messages())
                        {
                            (ulong tick, int _, EntitySnapshot[] entities) = RecordedMessages.ReadGroundTruth(m.Data);
                            foreach (EntitySnapshot e in entities)
                            {
                                w.WriteLine(string.Join(',', tick.ToString(CultureInfo.InvariantCulture), (m.LogTime / 1e9).ToString("R", CultureInfo.InvariantCulture), e.Id.ToString(CultureInfo.InvariantCulture), e.Name, e.Kind.ToString().ToLowerInvariant(), e.IsEgo ? "1" : "0",
                                    Csv(null, null, e.X, e.Y, e.Z, e.Heading, e.Pitch, e.Speed, e.LateralVelocity, e.YawRate, e.Acceleration, e.Length, e.Width, e.Height, e.CenterOffsetX)));
                            }
                        }
                        break;
                    case RecordingTopics.Actuation:
                        w.WriteLine("tick,time,mode,steering_angle,acceleration,can_frames,objects");
                        foreach (McapMessage m in Messages())
                        {
                            (Envelope env, object body) = WireCodec.Decode(m.Data);
                            var a = (Actuation)body;
                            w.WriteLine(string.Join(',', a.Tick.ToString(CultureInfo.InvariantCulture), (env.TimeNs / 1e9).ToString("R", CultureInfo.InvariantCulture),
                                a.Mode == ActuationMode.Can ? "can" : "command", Csv(null, null, a.SteeringAngle, a.Acceleration),
                                a.CanFrames.Count.ToString(CultureInfo.InvariantCulture), (a.Objects?.Count ?? 0).ToString(CultureInfo.InvariantCulture)));
                        }
                        break;
                    default:
                        // JSON channels (events, the Foxglove view): one message per line.
                        foreach (McapMessage m in Messages())
                        {
                            w.WriteLine(Encoding.UTF8.GetString(m.Data.Span));
                        }
                        break;
                }
            });
            return ExitCodes.Pass;
        }
        catch (McapException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is FormatException or MessagePack.MessagePackSerializationException or ProtocolException or InvalidCastException)
        {
            Console.Error.WriteLine($"{path}: error: channel {topic}: a message does not have the channel's layout: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    private static void WriteAtomically(string path, Action<Stream> write)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }
        string partial = path + ".partial";
        try
        {
            using (FileStream s = File.Create(partial))
            {
                write(s);
            }
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static string Csv(ulong? tick, double? time, params double[] values)
    {
        IEnumerable<string> cells = values.Select(v => v.ToString("R", CultureInfo.InvariantCulture));
        if (time is { } t)
        {
            cells = cells.Prepend(t.ToString("R", CultureInfo.InvariantCulture));
        }
        if (tick is { } k)
        {
            cells = cells.Prepend(k.ToString(CultureInfo.InvariantCulture));
        }
        return string.Join(',', cells);
    }

    private static int ExportRos2(string file, string output)
    {
        try
        {
            Recording.Ros2Exporter.Result result = Recording.Ros2Exporter.Convert(file, output, keepOriginal: false);
            Console.WriteLine($"wrote {output}: {result.Messages} ROS 2 messages ({string.Join(", ", result.PerTopic.Select(kv => $"{kv.Key} {kv.Value}"))})");
            foreach ((string stream, long n) in result.Skipped)
            {
                Console.Error.WriteLine($"warning: {stream}: {n} outputs have no standard ROS 2 message; left out");
            }
            return ExitCodes.Pass;
        }
        catch (SimCore.Diagnostics.InputException e)
        {
            CommonOptions.Print(e.Errors);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{output}: error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}
