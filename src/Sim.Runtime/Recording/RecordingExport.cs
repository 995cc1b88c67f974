using System.Globalization;
using System.Text;
using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using Mcap;
using SensorModels.Output;
using Sim.Runtime.Output;
using SimCore.Diagnostics;
using SimCore.Simulation;

namespace Sim.Runtime.Recording;

/// <summary>`sim log export`: one channel of a recording as CSV, JSON lines or the `--record-sensors` layout (docs/mcap.md).</summary>
public static class RecordingExport
{
    /// <summary>
    /// Writes <paramref name="topic"/> of the recording at <paramref name="path"/> to
    /// <paramref name="output"/>: /sim/ego, /sim/ground_truth and /sim/actuation as CSV, a sensor
    /// channel as the `--record-sensors` layout (a directory), JSON channels as JSON lines, or an
    /// attachment as its bytes. Files appear under their names only when complete; an existing
    /// output file is replaced only with <paramref name="overwrite"/>, a device never.
    /// </summary>
    /// <param name="path">The recording.</param>
    /// <param name="topic">The channel or attachment.</param>
    /// <param name="output">The file (or directory, for a sensor channel) to write.</param>
    /// <param name="overwrite">Replace an existing output file.</param>
    /// <exception cref="InputException">The topic is neither a channel nor an attachment of the recording.</exception>
    /// <exception cref="RunException">Not a readable recording, a message without its channel's layout, or the output cannot be written.</exception>
    public static void Export(string path, string topic, string output, bool overwrite = false)
    {
        try
        {
            if (!topic.StartsWith(RecordingTopics.SensorPrefix, StringComparison.Ordinal))
            {
                OutputFile.Claim(output, "--out", overwrite);
            }
            using McapReader r = McapReader.Open(InputFiles.OpenRead(path, "recording"), path);
            if (r.Attachments.FirstOrDefault(a => a.Name == topic) is { } attachment)
            {
                AtomicFile.Write(output, s => s.Write(attachment.Data.Span));
                return;
            }
            McapChannel? channel = r.Channels.Values.FirstOrDefault(c => c.Topic == topic);
            if (channel is null)
            {
                throw new InputException(new SourceLocation("--topic", 0, 0), $"'{topic}' is not a channel or attachment of {path} ({string.Join(", ", r.Channels.Values.Select(c => c.Topic).Order(StringComparer.Ordinal))})");
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
                        (SensorFrame f, ReadOnlyMemory<byte> payload) = RecordedMessages.ReadFrame(m.Data, type);
                        sink.Write(f, payload.Span);
                    }
                    sink.Complete();
                }
                finally
                {
                    sink.Dispose();
                }
                return;
            }
            AtomicFile.Write(output, s =>
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
        }
        catch (McapException e)
        {
            throw new RunException($"error: {e.Message}");
        }
        catch (Exception e) when (e is FormatException or MessagePack.MessagePackSerializationException or ProtocolException or InvalidCastException)
        {
            throw new RunException(path, $"channel {topic}: a message does not have the channel's layout: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunException($"error: {e.Message}");
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
}
