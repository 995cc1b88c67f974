using System.Diagnostics;
using System.Text.Json;
using HilBridge.Protocol.Messages;
using HilBridge.Target;
using Sim.Runtime.Hil;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>
/// `sim run --target` with `sim target` as a second process: the loop closed over loopback TCP,
/// and the errors a bench sees (no target, a target killed mid-run, bad options).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class HilRunTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);
    private static string Rig => Path.Combine(Repo.Scenarios, "rigs", "hil_target.yaml");
    private static string Cpna => Path.Combine(Repo.Scenarios, "euroncap", "cpna_night.yaml");
    private static string Ccrs => Path.Combine(Repo.Scenarios, "euroncap", "ccrs_50.yaml");

    private static BackgroundSim StartTarget(int port, string scenario, params string[] extra)
        => SimCli.Start(Repo.Root, new[] { "target", "--connect", $"tcp://127.0.0.1:{port}", "--scenario", scenario, "--timeout", "30" }.Concat(extra).ToArray());

    private static JsonDocument Result(string outDir) => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "result.json")));

    [Fact]
    public void The_reference_driver_in_a_target_process_drives_the_pedestrian_test_as_it_does_in_process()
    {
        using var dir = new TempDir();
        CliResult local = SimCli.InProcess("run", Cpna, "--out", dir.File("local"), "--quiet");
        Assert.True(local.ExitCode == 0, local.ToString());

        int port = LoopbackPorts.FreePair();
        using BackgroundSim target = StartTarget(port, Cpna);
        CliResult hil = SimCli.InProcess("run", Cpna, "--out", dir.File("hil"), "--rig", Rig, "--target", $"tcp://127.0.0.1:{port}", "--connect-timeout", "60");
        CliResult t = target.Wait(Long);
        Assert.True(hil.ExitCode == 0, hil + "\n--- target ---\n" + t);
        Assert.True(t.ExitCode == 0, t.ToString());
        Assert.Contains("end of run after 3000 ticks: pass (duration)", t.StdErr);

        using JsonDocument a = Result(dir.File("local"));
        using JsonDocument b = Result(dir.File("hil"));
        // The target sees the pedestrian only through the streamed object list, yet the run is the
        // same to the last bit: same trajectory, same AEB activation (reported back as aeb_stage).
        Assert.Equal(a.RootElement.GetProperty("state_hash").GetString(), b.RootElement.GetProperty("state_hash").GetString());
        Assert.Equal(1, b.RootElement.GetProperty("kpis").GetProperty("aeb_activations").GetInt32());
        JsonElement h = b.RootElement.GetProperty("hil");
        Assert.Equal("lockstep", h.GetProperty("mode").GetString());
        Assert.Equal(3000, h.GetProperty("ticks").GetInt32()); // t = 0 .. 29.99 s at 10 ms: the final state (30 s) ends the run, no tick
        Assert.Equal(3000, h.GetProperty("answers_applied").GetInt32());
        Assert.Equal(3000, h.GetProperty("streams").GetProperty("objects").GetProperty("frames").GetInt32());
        Assert.Equal(3000, h.GetProperty("round_trip").GetProperty("count").GetInt32());
        Assert.Equal(0, h.GetProperty("stale_answers").GetInt32());
        // It reports the pedestrian it saw, exactly where it was: every tick a true positive.
        JsonElement ped = h.GetProperty("perception").GetProperty("classes").GetProperty("pedestrian");
        Assert.Equal(3000, h.GetProperty("perception").GetProperty("ticks_scored").GetInt32());
        Assert.Equal((0, 0), (ped.GetProperty("fp").GetInt32(), ped.GetProperty("fn").GetInt32()));
        Assert.True(ped.GetProperty("tp").GetInt32() > 2000); // the ticks the pedestrian is within the 150 m scored
        Assert.Equal(1.0, ped.GetProperty("precision").GetDouble());
        Assert.Equal(1.0, ped.GetProperty("recall").GetDouble());
        // No mistakes in 3000 ticks at 10 ms: 29.99 s from the first to the last plus the last tick's 0.01 s.
        Assert.Equal(30.0, h.GetProperty("perception").GetProperty("scored_time_s").GetDouble(), 1e-9);
        Assert.Equal((0.0, 0.0), (ped.GetProperty("fp_per_hour").GetDouble(), ped.GetProperty("fn_per_hour").GetDouble()));
        Assert.Contains("hil: sim-target-reference", hil.StdOut);
    }

    [VulkanFact]
    public void Every_stream_a_target_receives_camera_images_included_is_byte_for_byte_what_the_simulator_records()
    {
        using var dir = new TempDir();
        string rig = dir.File("rig.yaml");
        File.WriteAllText(rig, """
            name: hil_camera
            sensors:
              - {name: objects, type: ground_truth, mount: {x: 0, y: 0, z: 0}, rate: 100, range: 250}
              - {name: imu, type: imu, mount: {x: 1.4, y: 0, z: 0.35}, rate: 100}
              - name: cam
                type: camera
                mount: {x: 1.9, y: 0, z: 1.35}
                rate: 10
                resolution: [320, 200]
                fov_deg: 60
                outputs: [rgb, depth, boxes]
            """);
        int port = LoopbackPorts.FreePair();
        string received = dir.File("received"), recorded = dir.File("recorded");
        using BackgroundSim target = StartTarget(port, Ccrs, "--streams", "all", "--record", received);
        CliResult r = SimCli.InProcess("run", Ccrs, "--out", dir.File("out"), "--rig", rig, "--record-sensors", recorded, "--strict",
            "--target", $"tcp://127.0.0.1:{port}", "--connect-timeout", "60", "--quiet");
        CliResult t = target.Wait(Long);
        Assert.True(r.ExitCode == 0, r + "\n--- target ---\n" + t);
        Assert.Equal(0, t.ExitCode);
        // The run ends by its stop trigger, so every state had its tick: every output reached the target.
        string[] names = Directory.GetFiles(recorded, "*.bin").Select(Path.GetFileName).Order().ToArray()!;
        Assert.Equal(["cam.boxes.bin", "cam.depth.bin", "cam.rgb.bin", "imu.bin", "objects.bin"], names);
        // "--streams all" also takes the OSI streams every session offers (docs/osi.md), which --record-sensors does not write.
        Assert.Equal(names.Concat(["osi.ground_truth.bin", "osi.sensor_view.cam.bin", "osi.sensor_view.imu.bin", "osi.sensor_view.objects.bin"]).Order(),
            Directory.GetFiles(received, "*.bin").Select(Path.GetFileName).Order().ToArray());
        foreach (string n in names)
        {
            byte[] a = File.ReadAllBytes(Path.Combine(recorded, n)), b = File.ReadAllBytes(Path.Combine(received, n));
            Assert.True(a.AsSpan().SequenceEqual(b), $"{n}: {a.Length} bytes recorded, {b.Length} received");
        }
        long rgb = new FileInfo(Path.Combine(received, "cam.rgb.bin")).Length;
        const int Frame = 28 + 8 + 320 * 200 * 3; // record header, int32 width and height, RGB pixels
        long frames = (rgb - 8) / Frame;
        Assert.Equal(8 + frames * Frame, rgb); // whole RGB frames, 10 per simulated second
        Assert.True(frames > 200);
    }

    [Fact]
    public void A_target_killed_mid_run_ends_the_run_as_lost_with_the_outputs_flushed()
    {
        using var dir = new TempDir();
        int port = LoopbackPorts.FreePair();
        using BackgroundSim target = SimCli.Start(Repo.Root, "target", "--connect", $"tcp://127.0.0.1:{port}", "--scenario", Ccrs, "--timeout", "30");
        var killer = Task.Run(() =>
        {
            if (target.WaitForStdErr("connected to", Long))
            {
                Thread.Sleep(1000); // mid-run: real time at factor 1, the scenario lasts 24 s
                target.Kill();
            }
        });
        var watch = Stopwatch.StartNew();
        CliResult r = SimCli.InProcess("run", Ccrs, "--out", dir.File("out"), "--rig", Rig, "--target", $"tcp://127.0.0.1:{port}",
            "--hil-mode", "realtime", "--heartbeat-timeout", "1", "--connect-timeout", "60");
        double seconds = watch.Elapsed.TotalSeconds;
        Assert.True(killer.IsCompleted);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: target lost at t=", r.StdErr);
        Assert.True(seconds < 15, $"the run took {seconds:F1} s");
        using JsonDocument result = Result(dir.File("out"));
        Assert.Equal("error", result.RootElement.GetProperty("status").GetString());
        string detail = result.RootElement.GetProperty("end_detail").GetString()!;
        Assert.StartsWith("target lost at t=", detail);
        // The simulated time at the loss is in the message and is where the outputs stop.
        double lostAt = double.Parse(detail["target lost at t=".Length..detail.IndexOf(' ', "target lost at t=".Length)], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(lostAt, 1.0, 10.0);
        Assert.Equal(lostAt, result.RootElement.GetProperty("sim_time").GetDouble(), 6);
        string[] rows = File.ReadAllLines(Path.Combine(dir.File("out"), "trajectories.csv"));
        Assert.True(rows.Length > 100, "trajectories.csv holds the run up to the loss");
        Assert.Equal("real_time", result.RootElement.GetProperty("hil").GetProperty("mode").GetString());
        Assert.Equal(detail, result.RootElement.GetProperty("hil").GetProperty("error").GetString());
    }

    /// <summary>
    /// A bench stops the simulator (SIGTERM from a supervisor, SIGINT from Ctrl-C): the target hears
    /// it at once as an EndOfRun naming the signal, and the simulator writes its outputs up to then
    /// and exits 2, instead of vanishing and leaving the target to guess.
    /// </summary>
    [Theory]
    [InlineData(15, "SIGTERM")]
    [InlineData(2, "SIGINT")]
    public void A_signal_to_the_simulator_ends_the_session_with_end_of_run_and_the_outputs_written(int signal, string name)
    {
        using var dir = new TempDir();
        int port = LoopbackPorts.FreePair();
        using BackgroundSim sim = SimCli.Start(Repo.Root, "run", Ccrs, "--out", dir.File("out"), "--rig", Rig,
            "--target", $"tcp://127.0.0.1:{port}", "--connect-timeout", "60");
        using TargetClient client = TargetClient.Connect($"tcp://127.0.0.1:{port}", $"tcp://127.0.0.1:{port + 1}",
            _ => new HelloReply("signal-test", "1", [], ActuationMode.Command, WantsVehicleState: false), Long);
        ulong answered = 0;
        var watch = new Stopwatch();
        while (client.NextTick(Long) is { } t)
        {
            if (answered == 200)
            {
                continue; // signalled: tick 200 stays unanswered, the simulator ends waiting for it
            }
            client.Answer(t, 0, 0);
            if (++answered == 200)
            {
                sim.Signal(signal);
                watch.Start();
            }
        }
        double heard = watch.Elapsed.TotalSeconds;
        EndOfRun end = client.End!;
        Assert.Equal(("error", $"interrupted by {name}"), (end.Status, end.Reason));
        Assert.True(heard < 2, $"EndOfRun {heard:F2} s after the signal");
        CliResult r = sim.Wait(Long);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"error: interrupted by {name}", r.StdErr);
        using JsonDocument result = Result(dir.File("out"));
        Assert.Equal("error", result.RootElement.GetProperty("status").GetString());
        Assert.Equal($"interrupted by {name}", result.RootElement.GetProperty("end_detail").GetString());
        // Ticks 0..199 answered, tick 200 not: the run ends in state 200 (t = 2 s), written with the 200 before it.
        Assert.Equal(2.0, result.RootElement.GetProperty("sim_time").GetDouble(), 9);
        Assert.Equal(201 * 2, File.ReadAllLines(Path.Combine(dir.File("out"), "trajectories.csv")).Length - 1); // ego and the stationary car
    }

    [Fact]
    public void A_signal_while_waiting_for_a_target_ends_at_once_with_exit_2_and_nothing_written()
    {
        using var dir = new TempDir();
        int port = LoopbackPorts.FreePair();
        using BackgroundSim sim = SimCli.Start(Repo.Root, "run", Ccrs, "--out", dir.File("out"), "--target", $"tcp://127.0.0.1:{port}", "--connect-timeout", "60");
        Assert.True(sim.WaitForStdErr("waiting for a target", Long));
        var watch = Stopwatch.StartNew();
        sim.Signal(15);
        CliResult r = sim.Wait(Long);
        Assert.True(watch.Elapsed.TotalSeconds < 5, $"exited {watch.Elapsed.TotalSeconds:F1} s after the signal");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("interrupted while waiting for the target", r.StdErr);
        Assert.False(File.Exists(Path.Combine(dir.File("out"), "result.json")));
    }

    [Fact]
    public void In_real_time_the_reference_target_still_stops_for_the_stationary_car()
    {
        using var dir = new TempDir();
        int port = LoopbackPorts.FreePair();
        using BackgroundSim target = StartTarget(port, Ccrs);
        var watch = Stopwatch.StartNew();
        CliResult r = SimCli.InProcess("run", Ccrs, "--out", dir.File("out"), "--rig", Rig, "--target", $"tcp://127.0.0.1:{port}",
            "--hil-mode", "realtime", "--realtime-factor", "10", "--connect-timeout", "60");
        CliResult t = target.Wait(Long);
        Assert.True(r.ExitCode == 0, r + "\n--- target ---\n" + t);
        using JsonDocument result = Result(dir.File("out"));
        JsonElement h = result.RootElement.GetProperty("hil");
        Assert.Equal("real_time", h.GetProperty("mode").GetString());
        Assert.Equal(10.0, h.GetProperty("real_time_factor").GetDouble());
        int ticks = h.GetProperty("ticks").GetInt32();
        // Ended by its stop trigger: the state it stopped in had its tick too (a run ended by its duration has none for the final state).
        Assert.Equal("stop_trigger", result.RootElement.GetProperty("end_reason").GetString());
        Assert.Equal(result.RootElement.GetProperty("steps").GetInt32() + 1, ticks);
        // Paced: the last tick (one step before the end) is not sent before its time on the 10x clock.
        double simTime = result.RootElement.GetProperty("sim_time").GetDouble(), wall = result.RootElement.GetProperty("wall_time").GetDouble();
        Assert.True(wall >= (simTime - 0.01) / 10 - 0.001, $"{simTime} s simulated in {wall} s");
        Assert.Equal(ticks, h.GetProperty("tick_lateness").GetProperty("count").GetInt32());
        JsonElement latency = h.GetProperty("streams").GetProperty("objects").GetProperty("latency");
        Assert.Equal(h.GetProperty("streams").GetProperty("objects").GetProperty("frames").GetInt32(), latency.GetProperty("count").GetInt32());
        Assert.True(latency.GetProperty("p99_ms").GetDouble() <= latency.GetProperty("max_ms").GetDouble());
        Assert.True(h.GetProperty("answers_applied").GetInt32() > ticks / 2);
        Assert.Equal(0, result.RootElement.GetProperty("kpis").GetProperty("collisions").GetInt32());
    }

    [Fact]
    public void With_curve_keys_the_session_is_encrypted_and_a_target_with_the_wrong_key_never_connects()
    {
        using var dir = new TempDir();
        string keys = dir.File("keys");
        foreach (string name in new[] { "sim", "target", "other" })
        {
            CliResult g = SimCli.InProcess("keys", "generate", name, "--dir", keys);
            Assert.True(g.ExitCode == 0, g.ToString());
        }
        string K(string f) => Path.Combine(keys, f);

        int port = LoopbackPorts.FreePair();
        using (BackgroundSim target = StartTarget(port, Ccrs, "--curve-secret", K("target.key_secret"), "--sim-key", K("sim.key")))
        {
            CliResult r = SimCli.InProcess("run", Ccrs, "--out", dir.File("ok"), "--rig", Rig, "--target", $"tcp://127.0.0.1:{port}",
                "--curve-secret", K("sim.key_secret"), "--connect-timeout", "60", "--quiet");
            Assert.True(r.ExitCode == 0, r + "\n--- target ---\n" + target.Wait(Long));
            Assert.Equal(0, target.Wait(Long).ExitCode);
        }

        port = LoopbackPorts.FreePair();
        using (BackgroundSim impostor = StartTarget(port, Ccrs, "--curve-secret", K("target.key_secret"), "--sim-key", K("other.key"), "--timeout", "3"))
        {
            CliResult r = SimCli.InProcess("run", Ccrs, "--out", dir.File("bad"), "--rig", Rig, "--target", $"tcp://127.0.0.1:{port}",
                "--curve-secret", K("sim.key_secret"), "--connect-timeout", "3", "--quiet");
            Assert.Equal(2, r.ExitCode);
            Assert.Contains($"no target connected to tcp://127.0.0.1:{port} within 3 s", r.StdErr);
            Assert.False(File.Exists(Path.Combine(dir.File("bad"), "result.json")));
            Assert.Equal(2, impostor.Wait(Long).ExitCode);
        }
    }

    [Fact]
    public void No_target_is_an_error_after_the_connect_timeout_and_writes_nothing()
    {
        using var dir = new TempDir();
        int port = LoopbackPorts.FreePair();
        // A bare port binds the loopback interface.
        CliResult r = SimCli.InProcess("run", Ccrs, "--out", dir.File("out"), "--target", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--connect-timeout", "0.5");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"error: no target connected to tcp://127.0.0.1:{port} within 0.5 s", r.StdErr);
        Assert.False(File.Exists(Path.Combine(dir.File("out"), "result.json")));
        Assert.False(File.Exists(Path.Combine(dir.File("out"), "trajectories.csv")));
    }

    [Theory]
    [InlineData("--target", "127.0.0.1:5555", "--target: error: '127.0.0.1:5555' is not a tcp:// endpoint")]
    [InlineData("--target", "tcp://127.0.0.1", "has no port")]
    [InlineData("--target", "tcp://127.0.0.1:65535", "has no port in 1..65534")]
    [InlineData("--target", "udp://127.0.0.1:5555", "is not a tcp:// endpoint")]
    [InlineData("--target", "tcp://example.org:5555", "does not name an interface by IP address")]
    [InlineData("--hil-mode", "realtime", "--hil-mode: error: applies to a HIL run only")]
    [InlineData("--actuation-delay", "0.02", "--actuation-delay: error: applies to a HIL run only")]
    [InlineData("--hello-timeout", "5", "--hello-timeout: error: applies to a HIL run only")]
    public void Bad_hil_options_are_clear_errors(string option, string value, string expected)
    {
        using var dir = new TempDir();
        CliResult r = SimCli.InProcess("run", Ccrs, "--out", dir.File("out"), option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.StdErr);
    }

    [Fact]
    public void An_external_driver_without_a_target_is_an_error_at_its_entity()
    {
        using var dir = new TempDir();
        string yaml = File.ReadAllText(Ccrs).Replace("driver: reference", "driver: external").Replace("../roads/", Path.Combine(Repo.Scenarios, "roads") + "/");
        string file = dir.File("external.yaml");
        File.WriteAllText(file, yaml);
        CliResult r = SimCli.InProcess("run", file, "--out", dir.File("out"));
        Assert.Equal(2, r.ExitCode);
        int line = yaml[..yaml.IndexOf("- name: ego", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        Assert.Contains($"{file}:{line}:", r.StdErr);
        Assert.Contains("entity 'ego' has driver 'external': a HIL target drives it; run with --target tcp://HOST:PORT", r.StdErr);
    }
}
