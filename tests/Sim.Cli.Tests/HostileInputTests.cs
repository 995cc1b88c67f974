using System.Text.RegularExpressions;
using Sim.Cli.Tests.Infrastructure;
using SimCore.Diagnostics;

namespace Sim.Cli.Tests;

/// <summary>
/// Hostile but fair input (issue 16): every file, option and fault ends in exit 0/1, a located
/// exit-2 error, or (a simulator fault only) exit 3; never a crash, hang or blow-up.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class HostileInputTests
{
    [Fact]
    public void An_exception_that_escapes_a_verb_is_exit_3_not_a_failed_criterion()
    {
        CliResult r = SimCli.Capture(() => ExitCodes.Guard(() => throw new InvalidOperationException("injected")));
        Assert.True(r.ExitCode == ExitCodes.InternalError, r.ToString());
        Assert.Equal(3, ExitCodes.InternalError);
        string last = r.StdErr.TrimEnd().Split('\n')[^1];
        Assert.Matches("^error: internal error .*simulator bug.*InvalidOperationException: injected$", last);
    }

    [Fact]
    public void A_simulator_fault_in_a_run_exits_3_and_an_environment_error_2()
    {
        CliResult fault = SimCli.Capture(() => ExitCodes.Report(Sim.Runtime.RunException.Internal("s.yaml", "boom", new InvalidOperationException())));
        Assert.Equal(3, fault.ExitCode);
        CliResult env = SimCli.Capture(() => ExitCodes.Report(new Sim.Runtime.RunException("out", "cannot use it")));
        Assert.Equal(2, env.ExitCode);
    }

    private static string Deep(int levels) => new string('[', levels) + new string(']', levels);

    /// <summary>Each YAML input kind with a 100,000-deep flow list where a value belongs: a bounded depth error, not a stack overflow.</summary>
    [Theory]
    [InlineData("scenario")]
    [InlineData("road")]
    [InlineData("rig")]
    [InlineData("model")]
    [InlineData("sweep")]
    [InlineData("datagen")]
    public void Deep_yaml_is_a_located_depth_error(string kind)
    {
        using var dir = new TempDir();
        string deep = dir.Write("deep.yaml", "name: " + Deep(100_000) + "\n");
        string outDir = dir.File("out");
        CliResult r = kind switch
        {
            "scenario" => SimCli.InProcess("validate", deep),
            "road" => SimCli.InProcess("validate", dir.Write("s.yaml", WithRoad(deep))),
            "rig" => SimCli.InProcess("run", Repo.CutIn, "--rig", deep, "--out", outDir, "--quiet"),
            "model" => SimCli.InProcess("run", Repo.CutIn, "--rig", Path.Combine(Repo.Scenarios, "rigs", "datagen.yaml"), "--ego-driver", "onnx:" + deep, "--out", outDir, "--quiet"),
            "sweep" => SimCli.InProcess("batch", Repo.CutIn, "--sweep", deep, "--out", outDir, "--quiet"),
            _ => SimCli.InProcess("generate", deep, "--out", outDir, "--quiet"),
        };
        AssertLocated(r, Regex.Escape(deep) + @":1:\d+: error: .*nested more than 200 deep");
    }

    [Fact]
    public void Deep_openscenario_expression_is_an_error()
    {
        using var dir = new TempDir();
        string xosc = Path.Combine(Repo.Scenarios, "xosc", "cut_in_parameters.xosc");
        string text = File.ReadAllText(xosc).Replace("name=\"EgoSpeedKmh\" parameterType=\"double\" value=\"100\"",
            "name=\"EgoSpeedKmh\" parameterType=\"double\" value=\"${" + new string('(', 100_000) + "100" + new string(')', 100_000) + "}\"", StringComparison.Ordinal);
        Assert.NotEqual(File.ReadAllText(xosc), text);
        string f = Path.Combine(Path.GetDirectoryName(xosc)!, $"deep-{Guid.NewGuid():N}.xosc");
        File.WriteAllText(f, text);
        try
        {
            CliResult r = SimCli.InProcess("validate", f);
            AssertLocated(r, "nests more than 200 deep");
            Assert.True(r.StdErr.Length < 4000, "the error echoes the whole expression: " + r.StdErr.Length + " characters");
        }
        finally
        {
            File.Delete(f);
        }
    }

    [Fact]
    public void Deep_xml_is_an_error_at_its_line()
    {
        using var dir = new TempDir();
        string f = dir.Write("deep.xosc", "<?xml version=\"1.0\"?>\n<OpenSCENARIO>\n" + string.Concat(Enumerable.Repeat("<a>", 100_000)) + string.Concat(Enumerable.Repeat("</a>", 100_000)) + "</OpenSCENARIO>\n");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        CliResult r = SimCli.InProcess("validate", f);
        AssertLocated(r, Regex.Escape(f) + @":3:\d+: error: .*nested more than 200 deep");
    }

    /// <summary>A symbolic-link loop or a directory where a file belongs says so; no IOException escapes.</summary>
    [Theory]
    [InlineData("scenario", "loop")]
    [InlineData("scenario", "dir")]
    [InlineData("rig", "loop")]
    [InlineData("rig", "dir")]
    [InlineData("dbc", "loop")]
    [InlineData("rig-dbc", "loop")]
    [InlineData("road", "loop")]
    [InlineData("road", "dir")]
    public void Symlink_loops_and_directories_are_clear_errors(string kind, string what)
    {
        using var dir = new TempDir();
        string target = dir.File(kind + ".yaml");
        if (what == "loop")
        {
            File.CreateSymbolicLink(target, target);
        }
        else
        {
            Directory.CreateDirectory(target);
        }
        string outDir = dir.File("out");
        CliResult r = kind switch
        {
            "scenario" => SimCli.InProcess("validate", target),
            "rig" => SimCli.InProcess("run", Repo.CutIn, "--rig", target, "--out", outDir, "--quiet"),
            "dbc" => SimCli.InProcess("dbc", target),
            "rig-dbc" => SimCli.InProcess("run", Repo.CutIn, "--rig", RigWithDbc(dir, target), "--out", outDir, "--quiet"),
            _ => SimCli.InProcess("validate", dir.Write("s.yaml", WithRoad(target))),
        };
        AssertLocated(r, what == "dir" ? "is a directory" : "(?i)symbolic links|cannot read");
    }

    [Fact]
    public void A_device_and_an_oversized_file_are_refused_before_they_are_read()
    {
        using var dir = new TempDir();
        if (File.Exists("/dev/zero"))
        {
            // A device never ends: refused by its kind, without a byte read.
            string zero = dir.File("zero.yaml");
            File.CreateSymbolicLink(zero, "/dev/zero");
            AssertLocated(SimCli.InProcess("validate", zero), Regex.Escape(zero) + ": error: is a character device, not a regular scenario file");
        }
        // A regular file over the cap (sparse: nothing is written) is refused by its length.
        string big = dir.File("big.yaml");
        using (FileStream f = File.Create(big))
        {
            f.SetLength((64L << 20) + 1);
        }
        AssertLocated(SimCli.InProcess("validate", big), Regex.Escape(big) + ": error: larger than 64 MiB");
    }

    /// <summary>
    /// A named pipe given where an input file belongs, for every input kind: refused by its kind
    /// before it is opened (opening a pipe blocks until a writer comes). Each runs as a child
    /// process, so a reader that blocks fails the test at the timeout instead of hanging it.
    /// </summary>
    [Fact]
    public void A_named_pipe_as_any_input_is_refused_without_blocking()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // named pipes as Linux makes them
        }
        using var dir = new TempDir();
        string Fifo(string name)
        {
            string path = dir.File(name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var mk = System.Diagnostics.Process.Start("mkfifo", [path])!;
            mk.WaitForExit();
            Assert.True(mk.ExitCode == 0 && File.Exists(path), "mkfifo " + path);
            return path;
        }
        string rec = dir.File("run.mcap");
        Assert.Equal(0, SimCli.InProcess("run", Repo.CutIn, "--out", dir.File("rec"), "--record", rec, "--quiet").ExitCode);

        // An OpenSCENARIO file whose vehicle catalog folder holds a pipe among its files.
        string xoscDir = Path.Combine(Repo.Scenarios, "xosc");
        Directory.CreateDirectory(dir.File("Catalogs/Vehicles"));
        File.Copy(Path.Combine(xoscDir, "Catalogs", "Vehicles", "VehicleCatalog.xosc"), dir.File("Catalogs/Vehicles/VehicleCatalog.xosc"));
        string catalogPipe = Fifo("Catalogs/Vehicles/zz.xosc");
        string xosc = dir.Write("catalog.xosc", File.ReadAllText(Path.Combine(xoscDir, "cut_in_parameters.xosc"))
            .Replace("path=\"Catalogs/", $"path=\"{dir.Path}/Catalogs/", StringComparison.Ordinal)
            .Replace("filepath=\"../roads/", $"filepath=\"{Repo.Scenarios}/roads/", StringComparison.Ordinal));

        string xodrPipe = Fifo("road.xodr");
        string junction = File.ReadAllText(Path.Combine(Repo.Scenarios, "t_junction_straight.yaml"));
        Assert.Contains("road: {file: roads/t_junction.xodr}", junction);
        string onnxPipe = Fifo("model.onnx");
        string spec = dir.Write("spec.yaml", File.ReadAllText(Path.Combine(Repo.Root, "models", "lidar_bev", "model.yaml"))
            .Replace("\nmodel: model.onnx\n", $"\nmodel: \"{onnxPipe}\"\n", StringComparison.Ordinal));
        string datagenRig = Path.Combine(Repo.Scenarios, "rigs", "datagen.yaml");
        string p;
        var cases = new (string Pipe, string[] Args)[]
        {
            (p = Fifo("s.yaml"), ["validate", p]),
            (p = Fifo("s.xosc"), ["run", p, "--out", dir.File("o1"), "--quiet"]),
            (p = Fifo("road.yaml"), ["validate", dir.Write("road-s.yaml", WithRoad(p))]),
            (xodrPipe, ["validate", dir.Write("xodr-s.yaml", junction.Replace("road: {file: roads/t_junction.xodr}", $"road: {{file: \"{xodrPipe}\"}}", StringComparison.Ordinal))]),
            (catalogPipe, ["validate", xosc]),
            (p = Fifo("rig.yaml"), ["run", Repo.CutIn, "--rig", p, "--out", dir.File("o2"), "--quiet"]),
            (p = Fifo("bus.dbc"), ["run", Repo.CutIn, "--rig", RigWithDbc(dir, p), "--out", dir.File("o3"), "--quiet"]),
            (p, ["dbc", p]),
            (p = Fifo("model.yaml"), ["run", Repo.CutIn, "--rig", datagenRig, "--ego-driver", "onnx:" + p, "--out", dir.File("o4"), "--quiet"]),
            (onnxPipe, ["run", Repo.CutIn, "--rig", datagenRig, "--ego-driver", "onnx:" + spec, "--out", dir.File("o5"), "--quiet"]),
            (p = Fifo("sweep.yaml"), ["batch", Repo.CutIn, "--sweep", p, "--out", dir.File("o6"), "--quiet"]),
            (p = Fifo("gen.yaml"), ["generate", p, "--out", dir.File("o7"), "--quiet"]),
            (p = Fifo("capture.pcap"), ["import", "pcap", p, "--velodyne", "auto", "--out", dir.File("o8.mcap")]),
            (p = Fifo("bag.mcap"), ["import", "ros2", p, "--out", dir.File("o9.mcap")]),
            (p = Fifo("rec.mcap"), ["replay", p, "--target", "tcp://127.0.0.1:9", "--connect-timeout", "5", "--out", dir.File("o10"), "--quiet"]),
            (p = Fifo("replay-model.yaml"), ["replay", rec, "--model", p, "--out", dir.File("o14"), "--quiet"]),
            (p = Fifo("rec2.mcap"), ["log", "info", p]),
            (p, ["log", "export", p, "--topic", "/sim/ego", "--out", dir.File("o11.csv")]),
            (p, ["view", p, "--out", dir.File("o12.html"), "--quiet"]),
            // An output too: a recording is renamed onto its path, which would replace the pipe.
            (p = Fifo("out.mcap"), ["run", Repo.CutIn, "--out", dir.File("o13"), "--record", p, "--overwrite", "--quiet"]),
        };
        foreach ((string pipe, string[] args) in cases)
        {
            using BackgroundSim sim = SimCli.Start(dir.Path, args);
            CliResult r = sim.Wait(TimeSpan.FromSeconds(60)); // a reader blocked on the pipe is killed here, failing the test
            Assert.True(r.ExitCode == 2, "sim " + string.Join(' ', args) + "\n" + r);
            // At the pipe, or (a road or DBC file) at the line that names it.
            Assert.Matches(@"(?m)^\S+: error: .*" + Regex.Escape(pipe) + @".*is a named pipe \(FIFO\)|^" + Regex.Escape(pipe) + @": error: is a named pipe \(FIFO\)", r.StdErr);
            Assert.DoesNotContain("   at ", r.StdErr);
            Assert.True(File.Exists(pipe) && FileKind.Special(pipe) is not null, pipe + " was replaced");
        }
    }

    [Theory]
    [InlineData("position: {road: highway, lane: -2, s: 50}", "position: {road: highway, lane: -2147483648, s: 50}", ":")]
    [InlineData("    speed: $ego_speed", "    speed: 1e308", ":12: error: 'speed' must be from 0 to 1000")]
    public void Values_run_would_trip_on_are_refused_where_read(string old, string replacement, string column)
    {
        using var dir = new TempDir();
        string text = ScenarioText.CutIn();
        Assert.Contains(old, text);
        string line = FormattableString.Invariant($":{Array.FindIndex(text.Split('\n'), l => l.Contains(old, StringComparison.Ordinal)) + 1}") + column;
        string f = dir.Write("s.yaml", text.Replace(old, replacement, StringComparison.Ordinal));
        AssertLocated(SimCli.InProcess("validate", f), Regex.Escape(f) + line);
        AssertLocated(SimCli.InProcess("run", f, "--out", dir.File("out"), "--quiet"), Regex.Escape(f) + line);
    }

    [Fact]
    public void A_rig_rate_above_the_bound_names_the_key()
    {
        using var dir = new TempDir();
        string rig = dir.Write("rig.yaml", File.ReadAllText(Path.Combine(Repo.Scenarios, "rigs", "minimal.yaml")).Replace("rate: 100\n", "rate: 2147483648\n", StringComparison.Ordinal));
        AssertLocated(SimCli.InProcess("run", Repo.CutIn, "--rig", rig, "--out", dir.File("out"), "--quiet"), Regex.Escape(rig) + @":\d+:\d+: error: 'rate' must be at most 10000 Hz");
    }

    [Theory]
    [InlineData("1e-12", "below the smallest step")]
    [InlineData("1e-6", "a run takes at most 10000000")]
    public void A_step_that_asks_for_unbounded_work_is_refused(string step, string message)
    {
        using var dir = new TempDir();
        string scenario = dir.Write("long.yaml", ScenarioText.CutIn().Replace("duration: 25", "duration: 100", StringComparison.Ordinal));
        AssertLocated(SimCli.InProcess("run", scenario, "--step", step, "--out", dir.File("out"), "--quiet"), "^--step: error: .*" + message);
    }

    [Theory]
    [InlineData("parameters:\n  ego_speed: {from: 0, to: 1, step: 1e-300}\n", "more than 100000")]
    [InlineData("parameters:\n  ego_speed: {from: -1e308, to: 1e308, step: 1}\n", "more than 100000")]
    [InlineData("combine: samples\nsamples: 1000000000\nparameters:\n  ego_speed: {uniform: {min: 1, max: 2}}\n", "from 1 to 100000")]
    [InlineData("parameters:\n  ego_speed: {uniform: {min: 1, max: 2}, count: 1000000000}\n", "from 1 to 100000")]
    [InlineData("parameters:\n  ego_speed: {from: 0, to: 999, step: 1}\n  cutter_speed: {from: 0, to: 999, step: 1}\n", "more than 100000")]
    [InlineData("combine: [\nparameters:\n  ego_speed: [1, 2]\n", "YAML syntax")]
    public void Sweeps_that_would_blow_up_are_located_errors(string sweep, string message)
    {
        using var dir = new TempDir();
        string f = dir.Write("sweep.yaml", sweep);
        AssertLocated(SimCli.InProcess("batch", Repo.CutIn, "--sweep", f, "--out", dir.File("out"), "--quiet"), Regex.Escape(f) + @":\d+:\d+: error: .*" + message);
        Assert.False(Directory.Exists(dir.File("out")) && Directory.EnumerateFileSystemEntries(dir.File("out")).Any(), "the batch wrote before its sweep was read");
    }

    [Fact]
    public void An_unclosed_flow_list_in_a_generation_spec_is_a_located_error()
    {
        using var dir = new TempDir();
        string f = dir.Write("gen.yaml", "scenarios: [\nrig: x.yaml\nframes: 2\n");
        AssertLocated(SimCli.InProcess("generate", f, "--out", dir.File("out"), "--quiet"), Regex.Escape(f) + @":\d+:\d+: error: YAML syntax");
    }

    [Fact]
    public void An_empty_out_is_an_error()
    {
        AssertLocated(SimCli.InProcess("run", Repo.CutIn, "--out", "", "--quiet"), "^--out: error: ");
    }

    [Fact]
    public void Batch_of_the_root_folder_is_refused_without_scanning_the_whole_disk()
    {
        using var dir = new TempDir();
        AssertLocated(SimCli.InProcess("batch", "/", "--out", dir.File("out"), "--quiet"), "^/: error: holds more than 100000 files");
    }

    [Fact]
    public void Batch_does_not_follow_a_folder_link_loop()
    {
        using var dir = new TempDir();
        string lib = dir.File("lib");
        Directory.CreateDirectory(lib);
        File.WriteAllText(Path.Combine(lib, "a.yaml"), ScenarioText.CutIn());
        Directory.CreateSymbolicLink(Path.Combine(lib, "loop"), lib);
        CliResult r = SimCli.InProcess("batch", lib, "--out", dir.File("out"), "--quiet", "--jobs", "1");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.DoesNotContain("loop", r.StdOut + r.StdErr);
        // One scenario, one run: not one more per turn of the loop.
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir.File("out"), "summary.json")));
        Assert.Single(summary.RootElement.GetProperty("runs").EnumerateArray());
    }

    /// <summary>Road geometry that would need billions of samples is refused before anything is sampled.</summary>
    [Theory]
    [InlineData("  - line: 1200\n  - spiral", "  - line: 1e308\n  - spiral", "road 'highway': the reference line .* samples")]
    [InlineData("  - line: 1200\n  - spiral", "  - line: 4294967296\n  - spiral", "road 'highway': the reference line .* samples")]
    [InlineData("spiral: {length: 100, curvature_start: 0,", "spiral: {length: 4294967296, curvature_start: 0,", "spiral at s=1200: .* samples")]
    [InlineData("arc: {length: 400, curvature: 0.001}", "arc: {length: 400, curvature: 1e18}", "arc at s=1300: curvature must be finite and at most 1000")]
    public void Huge_road_geometry_is_refused_in_validate(string old, string replacement, string message)
    {
        using var dir = new TempDir();
        string text = File.ReadAllText(Path.Combine(Repo.Scenarios, "roads", "highway_3lane.yaml"));
        Assert.Contains(old, text);
        string road = dir.Write("road.yaml", text.Replace(old, replacement, StringComparison.Ordinal));
        long before = GC.GetTotalAllocatedBytes();
        AssertLocated(SimCli.InProcess("validate", dir.Write("s.yaml", WithRoad(road))), Regex.Escape(road) + @":\d+:\d+: error: .*" + message);
        Assert.True(GC.GetTotalAllocatedBytes() - before < 200L << 20, "validate allocated " + ((GC.GetTotalAllocatedBytes() - before) >> 20) + " MiB");
    }

    [Fact]
    public void Replay_with_a_missing_model_spec_does_not_wait_for_its_target()
    {
        using var dir = new TempDir();
        string rec = dir.File("run.mcap");
        CliResult recorded = SimCli.InProcess("run", Repo.CutIn, "--out", dir.File("run"), "--record", rec, "--quiet");
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        var watch = System.Diagnostics.Stopwatch.StartNew();
        CliResult r = SimCli.InProcess("replay", rec, "--model", dir.File("nonexistent.yaml"), "--out", dir.File("replay"), "--quiet");
        AssertLocated(r, Regex.Escape(dir.File("nonexistent.yaml")) + ": error: model spec file not found");
        // The connect timeout is 60 s; anything near it means the replay waited for a target that cannot come.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void A_mistyped_scenario_leaves_the_last_runs_outputs_alone()
    {
        using var dir = new TempDir();
        string outDir = dir.File("out");
        Assert.Equal(0, SimCli.InProcess("run", Repo.CutIn, "--out", outDir, "--quiet").ExitCode);
        byte[] result = File.ReadAllBytes(Path.Combine(outDir, "result.json"));
        AssertLocated(SimCli.InProcess("run", dir.File("typo.yaml"), "--out", outDir, "--quiet"), "not found");
        Assert.Equal(result, File.ReadAllBytes(Path.Combine(outDir, "result.json")));
        Assert.True(File.Exists(Path.Combine(outDir, "trajectories.csv")));
    }

    [Fact]
    public void A_mistyped_recording_leaves_the_last_replays_outputs_alone()
    {
        using var dir = new TempDir();
        string outDir = dir.File("replay");
        string result = dir.Write("replay/result.json", "{\"status\":\"pass\"}");
        AssertLocated(SimCli.InProcess("replay", dir.File("typo.mcap"), "--target", "tcp://127.0.0.1:9", "--out", outDir, "--quiet"), "^" + Regex.Escape(dir.File("typo.mcap")) + ": error: recording file not found");
        Assert.Equal("{\"status\":\"pass\"}", File.ReadAllText(result));
    }

    [Fact]
    public void A_second_run_into_an_output_directory_in_use_is_refused()
    {
        using var dir = new TempDir();
        string outDir = dir.File("out");
        using (Sim.Runtime.RunSession first = Sim.Runtime.RunSession.Open(new Sim.Runtime.RunRequest(Repo.CutIn, outDir)))
        {
            AssertLocated(SimCli.InProcess("run", Repo.CutIn, "--out", outDir, "--quiet"), "^" + Regex.Escape(outDir) + ": error: another run is writing to this output directory");
            first.Run();
        }
        Assert.Equal(0, SimCli.InProcess("run", Repo.CutIn, "--out", outDir, "--quiet").ExitCode);
    }

    [Fact]
    public void A_run_writes_its_temporaries_under_names_of_its_own()
    {
        using var dir = new TempDir();
        string outDir = dir.File("out");
        var seen = new List<string>();
        using (Sim.Runtime.RunSession run = Sim.Runtime.RunSession.Open(new Sim.Runtime.RunRequest(Repo.CutIn, outDir)))
        {
            run.Stages.Ended += _ => seen.AddRange(Directory.GetFiles(outDir).Select(Path.GetFileName)!);
            run.Run();
        }
        string partial = Assert.Single(seen, f => f!.StartsWith("trajectories.csv.", StringComparison.Ordinal))!;
        Assert.Matches(@"^trajectories\.csv\.\d+-[0-9a-f]{8}\.partial$", partial);
        Assert.DoesNotContain(Directory.GetFiles(outDir), f => f.EndsWith(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public void Record_and_export_refuse_a_device_and_an_existing_file_unless_told()
    {
        using var dir = new TempDir();
        string rec = dir.File("run.mcap");
        Assert.Equal(0, SimCli.InProcess("run", Repo.CutIn, "--out", dir.File("a"), "--record", rec, "--quiet").ExitCode);
        long size = new FileInfo(rec).Length;

        AssertLocated(SimCli.InProcess("run", Repo.CutIn, "--out", dir.File("b"), "--record", rec, "--quiet"), "^" + Regex.Escape(rec) + ": error: already exists: give --overwrite");
        Assert.Equal(size, new FileInfo(rec).Length);
        Assert.False(Directory.Exists(dir.File("b")) && File.Exists(Path.Combine(dir.File("b"), "result.json")), "the run went on");
        Assert.Equal(0, SimCli.InProcess("run", Repo.CutIn, "--out", dir.File("b"), "--record", rec, "--overwrite", "--quiet").ExitCode);

        string csv = dir.Write("ego.csv", "x");
        AssertLocated(SimCli.InProcess("log", "export", rec, "--topic", "/sim/ego", "--out", csv), "^" + Regex.Escape(csv) + ": error: already exists");
        Assert.Equal("x", File.ReadAllText(csv));
        Assert.Equal(0, SimCli.InProcess("log", "export", rec, "--topic", "/sim/ego", "--out", csv, "--overwrite").ExitCode);
        Assert.StartsWith("t", File.ReadAllText(csv));

        if (File.Exists("/dev/null"))
        {
            AssertLocated(SimCli.InProcess("run", Repo.CutIn, "--out", dir.File("c"), "--record", "/dev/null", "--overwrite", "--quiet"), "^/dev/null: error: is a device");
            AssertLocated(SimCli.InProcess("log", "export", rec, "--topic", "/sim/ego", "--out", "/dev/null", "--overwrite"), "^/dev/null: error: is a device");
            AssertLocated(SimCli.InProcess("log", "export", rec, "--ros2", "--out", "/dev/null", "--overwrite"), "^/dev/null: error: is a device");
            Assert.Equal(0, new FileInfo("/dev/null").Length);
        }
    }

    [Fact]
    public void Validate_opens_the_rig_and_its_dbc_as_a_run_would()
    {
        using var dir = new TempDir();
        string rigText = File.ReadAllText(Path.Combine(Repo.Scenarios, "rigs", "full.yaml"));
        Assert.Contains("dbc: ../can/vehicle.dbc", rigText);
        string dbc = dir.File("missing.dbc");
        string rig = dir.Write("rig.yaml", rigText.Replace("dbc: ../can/vehicle.dbc", "dbc: " + dbc, StringComparison.Ordinal));
        string scenario = dir.Write("s.yaml", ScenarioText.CutIn().Replace("entities:", "rig: " + rig + "\nentities:", StringComparison.Ordinal));
        CliResult validate = SimCli.InProcess("validate", scenario);
        AssertLocated(validate, Regex.Escape(rig) + @":\d+:\d+: error: .*DBC file not found");
    }

    [Fact]
    public void Ego_that_is_not_the_yaml_scenarios_ego_is_an_error()
    {
        AssertLocated(SimCli.InProcess("validate", Repo.CutIn, "--ego", "nobody"), "^--ego: error: 'nobody' is not the ego of highway_cut_in.yaml.*'ego'");
        Assert.Equal(0, SimCli.InProcess("validate", Repo.CutIn, "--ego", "ego").ExitCode);
    }

    [Fact]
    public void Bench_with_no_repeats_is_an_error()
    {
        CliResult r = SimCli.InProcess("bench", Repo.CutIn, "--repeats", "0");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--repeats: must be at least 1", r.StdErr);
    }

    [Fact]
    public void A_yaml_file_is_not_a_dbc()
    {
        AssertLocated(SimCli.InProcess("dbc", Repo.CutIn), "(?m)^" + Regex.Escape(Repo.CutIn) + ":1:1: error: not a DBC file");
    }

    [Theory]
    [InlineData("--step", "abc", "^--step: error: 'abc' is not a number$")]
    [InlineData("--threads", "two", "^--threads: error: 'two' is not a whole number$")]
    public void A_value_of_the_wrong_type_is_said_in_the_users_words(string option, string value, string pattern)
    {
        CliResult r = SimCli.InProcess("run", Repo.CutIn, option, value);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Matches(pattern, r.StdErr.Split('\n')[0].TrimEnd('\r'));
        Assert.DoesNotContain("System.", r.StdErr);
    }

    /// <summary>The full rig (every sensor and the CAN bus) with its DBC file replaced by <paramref name="dbc"/>.</summary>
    private static string RigWithDbc(TempDir dir, string dbc)
    {
        string rig = File.ReadAllText(Path.Combine(Repo.Scenarios, "rigs", "full.yaml"));
        Assert.Contains("dbc: ../can/vehicle.dbc", rig);
        return dir.Write("rig-with-dbc.yaml", rig.Replace("dbc: ../can/vehicle.dbc", "dbc: " + dbc, StringComparison.Ordinal));
    }

    /// <summary>The cut-in with its road file replaced by <paramref name="road"/>.</summary>
    private static string WithRoad(string road)
    {
        string text = ScenarioText.CutIn();
        string real = Path.Combine(Repo.Scenarios, "roads", "highway_3lane.yaml").Replace('\\', '/');
        Assert.Contains(real, text);
        return text.Replace(real, road, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:65536")]
    [InlineData(":48198")]
    [InlineData("::1:48198")]
    public void A_malformed_osi_udp_endpoint_is_a_located_error_and_nothing_is_written(string endpoint)
    {
        using var dir = new TempDir();
        string scenario = dir.Write("cut_in.yaml", ScenarioText.CutIn());
        AssertLocated(SimCli.InProcess("run", scenario, "--out", dir.File("out"), "--osi-udp", endpoint), "^--osi-udp: error: ");
        Assert.False(File.Exists(Path.Combine(dir.File("out"), "result.json")));
    }

    private static void AssertLocated(CliResult r, string pattern)
    {
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Matches(pattern, r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
        Assert.DoesNotContain("Exception", r.StdErr);
    }
}
