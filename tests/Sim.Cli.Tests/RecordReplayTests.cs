using System.Diagnostics;
using System.Text.Json;
using Mcap.Tests;
using Sim.Runtime.Hil;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>`sim run --record`, `sim log`, `sim replay`: recordings that replay exactly, survive kill -9, and fail clearly.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RecordReplayTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);
    private static string Rig => Path.Combine(Repo.Scenarios, "rigs", "hil_target.yaml");
    private static string Cpna => Path.Combine(Repo.Scenarios, "euroncap", "cpna_night.yaml");

    /// <summary>Records the pedestrian test with the in-process reference driver (3,001 states, 3,000 actuations).</summary>
    private static string Record(TempDir dir, params string[] extra)
    {
        string file = dir.File("run.mcap");
        CliResult r = SimCli.InProcess(new[] { "run", Cpna, "--rig", Rig, "--record", file, "--out", dir.File("out"), "--quiet" }.Concat(extra).ToArray());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.False(File.Exists(file + ".partial"));
        return file;
    }

    [Fact]
    public void A_recorded_run_replayed_into_the_reference_target_gets_back_exactly_its_closed_loop_actuation()
    {
        using var dir = new TempDir();
        string file = Record(dir);
        CliResult info = SimCli.InProcess("log", "info", file);
        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Contains("scenario=cpna_night", info.StdOut);
        Assert.Matches(@"/sim/ego\s+3001 msgs", info.StdOut);
        Assert.Matches(@"/sim/actuation\s+3000 msgs", info.StdOut);
        Assert.Matches(@"/sim/sensor/objects\s+3001 msgs", info.StdOut);
        Assert.Contains("attachment 'cpna_night.yaml'", info.StdOut);

        int port = LoopbackPorts.FreePair();
        using BackgroundSim target = SimCli.Start(Repo.Root, "target", "--connect", $"tcp://127.0.0.1:{port}", "--scenario", Cpna, "--timeout", "30");
        CliResult replay = SimCli.InProcess("replay", file, "--target", $"tcp://127.0.0.1:{port}", "--out", dir.File("replay"), "--connect-timeout", "60");
        CliResult t = target.Wait(Long);
        Assert.True(replay.ExitCode == 0, replay + "\n--- target ---\n" + t);
        Assert.Equal(0, t.ExitCode);
        using JsonDocument result = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir.File("replay"), "result.json")));
        JsonElement root = result.RootElement;
        Assert.Equal("complete", root.GetProperty("status").GetString());
        Assert.Equal(3001, root.GetProperty("replay").GetProperty("ticks").GetInt32());
        // Nothing changed, so the target answers every tick exactly as the driver acted in closed loop.
        JsonElement control = root.GetProperty("control_divergence");
        Assert.Equal(3000, control.GetProperty("ticks").GetInt32());
        Assert.Equal(0.0, control.GetProperty("steering_max_rad").GetDouble());
        Assert.Equal(0.0, control.GetProperty("acceleration_max").GetDouble());
        JsonElement ped = root.GetProperty("perception").GetProperty("classes").GetProperty("pedestrian");
        Assert.Equal((1.0, 1.0), (ped.GetProperty("precision").GetDouble(), ped.GetProperty("recall").GetDouble()));
        Assert.Equal(3001, root.GetProperty("hil").GetProperty("ticks").GetInt32());
        CliResult answers = SimCli.InProcess("log", "info", Path.Combine(dir.File("replay"), "answers.mcap"));
        Assert.Matches(@"/replay/actuation\s+3001 msgs", answers.StdOut);
    }

    [Fact]
    public void The_same_run_records_the_same_bytes_at_any_thread_count()
    {
        using var dir = new TempDir();
        string a = dir.File("a.mcap"), b = dir.File("b.mcap");
        Assert.Equal(0, SimCli.InProcess("run", Cpna, "--rig", Rig, "--record", a, "--out", dir.File("a"), "--quiet").ExitCode);
        Assert.Equal(0, SimCli.InProcess("run", Cpna, "--rig", Rig, "--record", b, "--out", dir.File("b"), "--quiet", "--threads", "2").ExitCode);
        Assert.True(File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b)), "two recordings of the same run differ");
    }

    [NodeFact]
    public void The_official_mcap_reader_reads_a_run_recording_with_the_same_counts()
    {
        using var dir = new TempDir();
        string file = Record(dir, "--record-compression", "zstd");
        (int code, string output, string error) = McapCheck.Run(file);
        Assert.True(code == 0, error);
        using JsonDocument check = JsonDocument.Parse(output);
        JsonElement topics = check.RootElement.GetProperty("topics");
        Assert.Equal(3001, topics.GetProperty("/sim/ego").GetInt32());
        Assert.Equal(3001, topics.GetProperty("/sim/ground_truth").GetInt32());
        Assert.Equal(3000, topics.GetProperty("/sim/actuation").GetInt32());
        Assert.Equal(3001, topics.GetProperty("/foxglove/objects").GetInt32());
        Assert.Equal(3001, topics.GetProperty("/tf").GetInt32());
        string[] schemas = check.RootElement.GetProperty("schemas").EnumerateArray().Select(e => e.GetString()!).Order().ToArray();
        Assert.Equal(["foxglove.FrameTransform", "foxglove.FrameTransforms", "foxglove.SceneUpdate", "osi3.GroundTruth", "osi3.SensorView"], schemas);
        Assert.Equal(3001, topics.GetProperty("/osi/ground_truth").GetInt32()); // OSI's trace channels (docs/osi.md)
        Assert.Contains("zstd", check.RootElement.GetProperty("compression").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void A_lidar_streaming_packets_records_the_first_sweeps_packets_at_time_zero()
    {
        // 4 packets per 100 ms sweep: the sweep that ends at the start (t = 0) has packets ending at
        // -75, -50, -25 and 0 ms; MCAP, Foxglove and ROS 2 times are unsigned (a crash before).
        using var dir = new TempDir();
        string rig = dir.Write("rig.yaml", """
            name: packets
            sensors:
              - {name: top, type: lidar, mount: {x: 1.3, z: 1.9}, rate: 10, channels: 16, fov_up_deg: 10, fov_down_deg: 20, azimuth_steps: 256, packets: 4}
            """);
        string file = dir.File("run.mcap");
        CliResult r = SimCli.InProcess("run", Cpna, "--rig", rig, "--record", file, "--record-profile", "both", "--out", dir.File("out"), "--quiet");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var mcap = new Mcap.McapReader(File.OpenRead(file), file);
        List<Mcap.McapMessage> Messages(string topic)
        {
            ushort id = mcap.Channels.Values.Single(c => c.Topic == topic).Id;
            return mcap.ReadMessages().Where(m => m.ChannelId == id).ToList();
        }
        List<Mcap.McapMessage> own = Messages("/sim/sensor/top"), view = Messages("/foxglove/top"), ros = Messages("/top/points");
        // The run's 3,001 states span 0 to 30 s: sweeps ending at 0, 0.1, ..., 30.0 s, 301 x 4 packets.
        Assert.Equal(1204, own.Count);
        Assert.Equal(1204, view.Count);
        Assert.Equal(1204, ros.Count);
        long[] ends = own.Select(m => FrameEnd(m.Data)).ToArray();
        Assert.Equal(Enumerable.Range(0, 1204).Select(k => (k - 3) * 25_000_000L), ends);
        Assert.Equal(ends.Select(e => (ulong)Math.Max(0, e)), own.Select(m => m.PublishTime));
        Assert.Equal(ends.Select(e => (ulong)Math.Max(0, e)), view.Select(m => m.LogTime));
        Assert.Equal(ends.Select(e => (ulong)Math.Max(0, e)), ros.Select(m => m.LogTime));
    }

    /// <summary>The end time of a recorded sensor frame: docs/mcap.md's [stream, sequence, start, end, format, payload].</summary>
    private static long FrameEnd(ReadOnlyMemory<byte> message)
    {
        var r = new MessagePack.MessagePackReader(message);
        Assert.Equal(6, r.ReadArrayHeader());
        r.Skip();
        r.Skip();
        r.Skip();
        return r.ReadInt64();
    }

    [Fact]
    public void Log_export_writes_csv_and_sensor_streams_as_record_sensors_writes_them()
    {
        using var dir = new TempDir();
        string file = Record(dir, "--record-sensors", dir.File("sensors"));
        CliResult ego = SimCli.InProcess("log", "export", file, "--topic", "/sim/ego", "--out", dir.File("ego.csv"));
        Assert.True(ego.ExitCode == 0, ego.ToString());
        string[] rows = File.ReadAllLines(dir.File("ego.csv"));
        Assert.Equal(3002, rows.Length);
        Assert.StartsWith("tick,time,x,y,z,yaw", rows[0]);
        Assert.StartsWith("0,0,", rows[1]);
        Assert.StartsWith("3000,30,", rows[^1]);
        // The first state's position is trajectories.csv's first ego row.
        string[] trajectory = File.ReadAllLines(Path.Combine(dir.File("out"), "trajectories.csv"))[1].Split(',');
        Assert.Equal(double.Parse(trajectory[2], System.Globalization.CultureInfo.InvariantCulture), double.Parse(rows[1].Split(',')[2], System.Globalization.CultureInfo.InvariantCulture), 6);

        CliResult imu = SimCli.InProcess("log", "export", file, "--topic", "/sim/sensor/imu", "--out", dir.File("exported"));
        Assert.True(imu.ExitCode == 0, imu.ToString());
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir.File("sensors"), "imu.bin")), File.ReadAllBytes(Path.Combine(dir.File("exported"), "imu.bin")));

        CliResult scenario = SimCli.InProcess("log", "export", file, "--topic", "cpna_night.yaml", "--out", dir.File("scenario.yaml"));
        Assert.True(scenario.ExitCode == 0, scenario.ToString());
        Assert.Equal(File.ReadAllBytes(Cpna), File.ReadAllBytes(dir.File("scenario.yaml")));

        CliResult unknown = SimCli.InProcess("log", "export", file, "--topic", "/nope", "--out", dir.File("x.csv"));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("'/nope' is not a channel or attachment", unknown.StdErr);
    }

    [Fact]
    public void A_recording_cut_off_by_kill_minus_9_is_readable_up_to_its_last_complete_chunk()
    {
        using var dir = new TempDir();
        string file = dir.File("killed.mcap");
        // Dense traffic: ~75 entities of ground truth per 10 ms tick fill a 4 MiB chunk every few dozen ticks.
        using BackgroundSim run = SimCli.Start(Repo.Root, "run", Path.Combine(Repo.Scenarios, "traffic", "dense_highway.yaml"), "--rig", Rig,
            "--record", file, "--out", dir.File("out"), "--quiet");
        string partial = file + ".partial";
        var watch = Stopwatch.StartNew();
        while (!(File.Exists(partial) && new FileInfo(partial).Length > 3_000_000) && watch.Elapsed < Long)
        {
            Thread.Sleep(20);
        }
        run.Kill();
        Assert.True(File.Exists(partial), "the run wrote no recording before it was killed");
        Assert.False(File.Exists(file), "a killed run must not leave a file under the final name");
        CliResult info = SimCli.InProcess("log", "info", partial);
        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Contains("recovered without its summary", info.StdOut);
        var ego = System.Text.RegularExpressions.Regex.Match(info.StdOut, @"/sim/ego\s+(\d+) msgs");
        int states = int.Parse(ego.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(states > 10, info.StdOut);
        // Every complete state is there, in order, from the first.
        CliResult export = SimCli.InProcess("log", "export", partial, "--topic", "/sim/ego", "--out", dir.File("ego.csv"));
        Assert.True(export.ExitCode == 0, export.ToString());
        string[] rows = File.ReadAllLines(dir.File("ego.csv"));
        Assert.Equal(states + 1, rows.Length);
        Assert.Equal(Enumerable.Range(0, states).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Skip(1).Select(r => r.Split(',')[0]));
    }

    [Fact]
    public void Empty_foreign_truncated_and_corrupted_recordings_give_clear_errors()
    {
        using var dir = new TempDir();
        string empty = dir.File("empty.mcap");
        File.WriteAllBytes(empty, []);
        CliResult r = SimCli.InProcess("log", "info", empty);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("empty file", r.StdErr);
        r = SimCli.InProcess("replay", empty, "--target", "5999", "--out", dir.File("o"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("empty file", r.StdErr);

        string yaml = dir.File("scenario.mcap");
        File.Copy(Cpna, yaml);
        r = SimCli.InProcess("log", "info", yaml);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not an MCAP file", r.StdErr);

        string file = Record(dir, "--record-compression", "none");
        byte[] bytes = File.ReadAllBytes(file);
        string cut = dir.File("cut.mcap");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        r = SimCli.InProcess("log", "info", cut);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("recovered without its summary", r.StdOut);

        // A flipped byte in the middle of the first chunk: its CRC no longer matches.
        string flipped = dir.File("flipped.mcap");
        bytes[bytes.Length / 4] ^= 0x5A;
        File.WriteAllBytes(flipped, bytes);
        r = SimCli.InProcess("log", "export", flipped, "--topic", "/sim/ego", "--out", dir.File("ego.csv"));
        Assert.Equal(2, r.ExitCode);
        Assert.Matches(@"flipped\.mcap: at byte \d+: .*CRC", r.StdErr);
        Assert.False(File.Exists(dir.File("ego.csv")), "a failed export leaves no file that looks finished");
    }
}
