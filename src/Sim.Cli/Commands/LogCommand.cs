using System.CommandLine;
using System.Globalization;
using System.Text;
using Mcap;
using Sim.Runtime;
using Sim.Runtime.Recording;
using SimCore.Diagnostics;

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
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing output file (without it, one is an error)" };
        var export = new Command("export", "Write one channel of a recording to CSV or raw files, or (--ros2) the recording as a ROS 2 bag");
        export.Arguments.Add(file2);
        export.Options.Add(topic);
        export.Options.Add(ros2);
        export.Options.Add(output);
        export.Options.Add(overwrite);
        export.SetAction(r =>
        {
            if (r.GetValue(ros2))
            {
                return ExportRos2(r.GetValue(file2)!, r.GetValue(output)!, r.GetValue(overwrite));
            }
            if (r.GetValue(topic) is not { } t)
            {
                Console.Error.WriteLine("error: give --topic TOPIC (one channel) or --ros2 (the recording as a ROS 2 bag)");
                return ExitCodes.BadInput;
            }
            return Export(r.GetValue(file2)!, t, r.GetValue(output)!, r.GetValue(overwrite));
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
            using McapReader r = McapReader.Open(InputFiles.OpenRead(path, "recording"), path);
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
        catch (InputException e)
        {
            CommonOptions.Print(e.Errors);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{path}: error: cannot read it: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    internal static int Export(string path, string topic, string output, bool overwrite = false)
    {
        try
        {
            RecordingExport.Export(path, topic, output, overwrite);
            return ExitCodes.Pass;
        }
        catch (InputException e)
        {
            CommonOptions.Print(e.Errors);
            return ExitCodes.BadInput;
        }
        catch (RunException e)
        {
            return ExitCodes.Report(e);
        }
    }

    private static int ExportRos2(string file, string output, bool overwrite)
    {
        try
        {
            Ros2Exporter.Result result = Ros2Exporter.Export(file, output, overwrite);
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
