using System.CommandLine;
using System.Diagnostics;
using HilBridge.Recording.Mcap;
using HilBridge.Session;
using Sim.Cli.Recording;
using Sim.Cli.Sil;
using Sim.Cli.Hil;
using Sim.Cli.Output;
using Sim.Cli.Sensors;
using SimCore.Diagnostics;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Cli.Commands;

/// <summary>`sim run SCENARIO`: runs one scenario and writes result.json and trajectories.csv.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario file (.yaml, or OpenSCENARIO .xosc)" };
        var output = new Option<string>("--out") { Description = "Output directory", DefaultValueFactory = _ => "out" };
        var seed = new Option<ulong?>("--seed") { Description = "Seed for every random stream (default: the scenario's)" };
        var step = new Option<double?>("--step") { Description = "Fixed step in seconds (default: the scenario's)" };
        var threads = new Option<int>("--threads") { Description = "Worker threads for per-entity phases (results are identical for any value)", DefaultValueFactory = _ => 1 };
        var quiet = new Option<bool>("--quiet") { Description = "No console summary" };
        var rig = new Option<string?>("--rig") { Description = "Sensor rig file (docs/sensors.md); overrides the scenario's 'rig:'. Sensors run and are counted" };
        var record = new Option<string?>("--record-sensors") { Description = "Write every sensor's outputs to DIR/<sensor>.bin and DIR/<sensor>.json (docs/sensors.md)" };
        var mcap = new Option<string?>("--record") { Description = "Record the run to an MCAP file (docs/mcap.md): sensors, ego state, ground truth, actuation, events, a Foxglove view" };
        var compression = new Option<string>("--record-compression") { Description = "MCAP chunk compression: lz4, zstd or none", DefaultValueFactory = _ => "lz4" };
        var view = new Option<bool>("--view") { Description = "Also write DIR/view.html: the run animated top-down with its roads, sensor footprints, KPI plots and events, in one offline page (docs/view.md)" };
        var profile = new Option<string>("--record-profile") { Description = "What --record writes: sim (this project's channels, which sim replay and sim log read), ros2 (standard ROS 2 messages in CDR only: a bag for ros2 bag play), or both", DefaultValueFactory = _ => "sim" };
        var loading = new CommonOptions.Loading();
        var hil = new HilOptions();
        var cmd = new Command("run", "Run a scenario with the reference driver, or a HIL target with --target; write DIR/result.json and DIR/trajectories.csv. Exit 0 pass, 1 a criterion failed, 2 bad input or error.");
        cmd.Arguments.Add(scenario);
        cmd.Options.Add(output);
        cmd.Options.Add(seed);
        cmd.Options.Add(step);
        cmd.Options.Add(threads);
        cmd.Options.Add(rig);
        cmd.Options.Add(record);
        cmd.Options.Add(mcap);
        cmd.Options.Add(compression);
        cmd.Options.Add(view);
        cmd.Options.Add(profile);
        loading.AddTo(cmd);
        hil.AddTo(cmd);
        cmd.Options.Add(quiet);
        cmd.SetAction(r =>
        {
            LoadOptions? load = loading.Read(r);
            if (load is null)
            {
                return ExitCodes.BadInput;
            }
            if (r.GetValue(threads) < 1)
            {
                Console.Error.WriteLine("--threads: error: must be at least 1");
                return ExitCodes.BadInput;
            }
            HilTargetOptions? target;
            McapRecordOptions? recording = null;
            try
            {
                target = hil.Read(r);
                if (r.GetValue(mcap) is { } file)
                {
                    recording = new McapRecordOptions(file, r.GetValue(compression) switch
                    {
                        "lz4" => McapCompression.Lz4,
                        "zstd" => McapCompression.Zstd,
                        "none" => McapCompression.None,
                        var other => throw new InputException(new SourceLocation("--record-compression", 0, 0), $"'{other}' is not lz4, zstd or none"),
                    }, r.GetValue(profile) switch
                    {
                        "sim" => RecordProfile.Sim,
                        "ros2" => RecordProfile.Ros2,
                        "both" => RecordProfile.Both,
                        var other => throw new InputException(new SourceLocation("--record-profile", 0, 0), $"'{other}' is not sim, ros2 or both"),
                    });
                }
            }
            catch (InputException e)
            {
                CommonOptions.Print(e.Errors);
                return ExitCodes.BadInput;
            }
            // The run's seed also draws a stochastic parameter value distribution without a randomSeed of its own.
            int code = Execute(r.GetValue(scenario)!, r.GetValue(output)!, new SimulationOptions
            {
                Seed = r.GetValue(seed),
                Step = r.GetValue(step),
                Threads = r.GetValue(threads),
            }, load with { Seed = r.GetValue(seed) ?? 0 }, r.GetValue(quiet), new SensorOptions(r.GetValue(rig), r.GetValue(record)), target, recording, loading.ModelSpec(r));
            return code is ExitCodes.Pass or ExitCodes.CriterionFailed && r.GetValue(view) ? ViewCommand.WriteAfterRun(r.GetValue(output)!, code, r.GetValue(quiet)) : code;
        });
        return cmd;
    }

    internal static int Execute(string path, string outDir, SimulationOptions options, IReadOnlyDictionary<string, string> overrides, bool quiet)
        => Execute(path, outDir, options, new LoadOptions { Parameters = overrides }, quiet);

    internal static int Execute(string path, string outDir, SimulationOptions options, LoadOptions load, bool quiet, SensorOptions? sensors = null, HilTargetOptions? hil = null,
        McapRecordOptions? record = null, string? modelSpec = null)
    {
        string csvPath = Path.Combine(outDir, "trajectories.csv");
        string jsonPath = Path.Combine(outDir, "result.json");
        string seriesPath = Path.Combine(outDir, KpiSeriesCsvWriter.FileName);
        string scenePath = Path.Combine(outDir, SceneJson.FileName);
        // Outputs appear under their real names only when complete: a crash leaves no file that looks
        // valid, and a failed run leaves no older run's files behind to be mistaken for its own.
        string csvTemp = csvPath + ".partial";
        string jsonTemp = jsonPath + ".partial";
        string seriesTemp = seriesPath + ".partial";
        string sceneTemp = scenePath + ".partial";
        try
        {
            Directory.CreateDirectory(outDir);
            File.Delete(csvPath);
            File.Delete(jsonPath);
            File.Delete(seriesPath);
            File.Delete(scenePath);
            File.Delete(Path.Combine(outDir, ViewCommand.FileName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{outDir}: error: cannot use it as the output directory: {e.Message}");
            return ExitCodes.BadInput;
        }
        Scenario scenario;
        Simulator sim;
        RigRunner? rigRunner = null;
        RunScene scene;
        try
        {
            var warnings = new List<InputError>();
            scenario = ScenarioFiles.Load(path, load, warnings);
            CommonOptions.Print(warnings);
            sim = new Simulator(scenario, options);
            // --rig overrides the scenario's rig; --record-sensors alone records the scenario's rig.
            string? rigFile = sensors?.Rig ?? scenario.RigFile;
            if (rigFile is not null)
            {
                // --strict: cameras that cannot render (no Vulkan driver) are an error, not a warning.
                rigRunner = RigRunner.Create(rigFile, sensors?.RecordDirectory, scenario, sim, load.Strict);
                if (rigRunner.CameraWarning is { } warning)
                {
                    Console.Error.WriteLine(warning);
                }
            }
            else if (sensors?.RecordDirectory is not null)
            {
                throw new InputException(new SourceLocation(path, 0, 0), "--record-sensors needs a sensor rig: give --rig FILE or a 'rig:' in the scenario");
            }
            if (hil is null && scenario.ExternalDriver is { } external)
            {
                throw new InputException(external.Where, $"entity '{external.Name}' has driver 'external': a HIL target drives it; run with --target tcp://HOST:PORT (docs/hil-protocol.md)");
            }
            scene = SceneJson.Capture(load, scenario, sim, rigRunner?.RigPath, rigRunner?.Rig);
        }
        catch (InputException e)
        {
            CommonOptions.Print(e.Errors);
            return ExitCodes.BadInput;
        }
        using RigRunner? sensorRun = rigRunner;
        ModelEgoDriver? model = null;
        if (modelSpec is not null)
        {
            try
            {
                model = hil is not null
                    ? throw new InputException(new SourceLocation("--ego-driver", 0, 0), "onnx:SPEC and --target both want to drive the ego: choose one")
                    : ModelEgoDriver.Start(modelSpec, scenario, sim, sensorRun);
            }
            catch (InputException e)
            {
                CommonOptions.Print(e.Errors);
                return ExitCodes.BadInput;
            }
        }
        using ModelEgoDriver? sil = model;
        HilSession? session = null;
        if (hil is not null)
        {
            try
            {
                session = HilSession.Open(hil, scenario, sim, sensorRun, quiet ? null : Console.Error);
            }
            catch (InputException e)
            {
                CommonOptions.Print(e.Errors);
                return ExitCodes.BadInput;
            }
            catch (HilException e)
            {
                Console.Error.WriteLine($"{path}: error: {e.Message}");
                return ExitCodes.BadInput;
            }
        }
        using HilSession? target = session;
        RunRecording? recording = null;
        if (record is not null)
        {
            try
            {
                recording = RunRecording.Start(record.Path, record.Compression, record.Profile, path, scenario, sim, sensorRun, target?.Ego,
                    hil is null ? "closed_loop" : hil.Run.Mode == HilMode.Lockstep ? "hil_lockstep" : "hil_real_time");
            }
            catch (InputException e)
            {
                CommonOptions.Print(e.Errors);
                return ExitCodes.BadInput;
            }
        }
        using RunRecording? recorder = recording;
        IReadOnlyList<SensorSummary>? sensorSummary = null;
        RunResult result;
        double wall;
        string? hilError = null;
        try
        {
            using (var csv = new TrajectoryCsvWriter(csvTemp, sim.EntityCount))
            using (var series = new KpiSeriesCsvWriter(seriesTemp))
            {
                var watch = Stopwatch.StartNew();
                Action<Simulator> onState = s =>
                {
                    recorder?.State(s);
                    csv.Write(s);
                    series.Write(s);
                    sensorRun?.Step(s);
                    sil?.Step(s);
                };
                if (target is null)
                {
                    result = sim.Run(onState);
                }
                else
                {
                    try
                    {
                        result = target.Run(sim, onState, recorder is null ? null : recorder.Answered);
                    }
                    catch (HilException e)
                    {
                        // The run ends here; what was simulated up to now is kept, marked as an error.
                        hilError = e.Message;
                        result = sim.Result();
                    }
                }
                wall = watch.Elapsed.TotalSeconds;
            }
            sensorSummary = sensorRun?.Summary();
            var sections = new List<(string, Action<System.Text.Json.Utf8JsonWriter>)>();
            if (target is not null)
            {
                sections.Add(("hil", target.Report.WriteJson));
            }
            if (sil is not null)
            {
                sections.Add(("model", sil.WriteJson));
            }
            ResultJsonWriter.Write(jsonTemp, result, wall, sensorSummary, hilError, sections);
            SceneJson.Write(sceneTemp, scene);
            sensorRun?.Complete();
            File.Move(csvTemp, csvPath, overwrite: true);
            File.Move(seriesTemp, seriesPath, overwrite: true);
            File.Move(sceneTemp, scenePath, overwrite: true);
            File.Move(jsonTemp, jsonPath, overwrite: true);
            recorder?.Complete(result);
            if (target is not null && hilError is null)
            {
                target.End(result, File.ReadAllText(jsonPath));
            }
        }
        catch (InputException e)
        {
            // Bad input found only while running (e.g. a teleport to a position that does not exist).
            DeleteAll(csvTemp, jsonTemp, seriesTemp, sceneTemp);
            CommonOptions.Print(e.Errors);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is Perception.Runtime.ModelOutputException or InvalidDataException)
        {
            // The model in the loop failed at run time (an output of the wrong shape): its fault, not the simulator's.
            DeleteAll(csvTemp, jsonTemp, seriesTemp, sceneTemp);
            Console.Error.WriteLine($"{modelSpec}: error: the model failed at t = {sim.Time}: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A fault of the simulator, not of the input: still exit 2 (error) with one clear line,
            // and leave no output that looks valid.
            DeleteAll(csvTemp, jsonTemp, seriesTemp, sceneTemp);
            Console.Error.WriteLine($"{path}: error: the simulation stopped at t = {sim.Time}: {e.GetType().Name}: {e.Message} (a simulator bug: please report it with the scenario)");
            return ExitCodes.BadInput;
        }
        if (hilError is not null)
        {
            Console.Error.WriteLine($"{path}: error: {hilError}; result.json (status error) and trajectories.csv up to then are in {outDir}");
            return ExitCodes.BadInput;
        }
        if (!quiet)
        {
            ConsoleSummary.Print(result, wall, outDir, sensorSummary, sensors?.RecordDirectory);
            if (sil is not null)
            {
                Perception.Runtime.LatencySummary l = sil.Model.InferenceLatency;
                Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"model: {sil.Model.SpecPath} on {sil.Model.Provider}, {sil.Model.Frames} sweeps, inference p50 {l.P50Ms:F3} ms p99 {l.P99Ms:F3} ms, {sil.Model.NonFiniteFrames} non-finite frames"));
            }
            if (target is not null)
            {
                HilReport h = target.Report;
                Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"hil: {target.Target}, {h.Ticks} ticks, {h.AnswersApplied} answers applied, round trip p50 {h.RoundTrip.PercentileMs(0.5):F3} ms p99 {h.RoundTrip.PercentileMs(0.99):F3} ms, stale {h.StaleAnswers}, dropped ticks {h.DroppedTicks}, deadline misses {h.DeadlineMisses}"));
            }
        }
        return result.Status == RunStatus.Pass ? ExitCodes.Pass : ExitCodes.CriterionFailed;
    }

    private static void DeleteAll(params string[] paths)
    {
        foreach (string p in paths)
        {
            File.Delete(p);
        }
    }
}

/// <summary>`sim run --record FILE`: the MCAP file, its chunk compression and what it holds.</summary>
internal sealed record McapRecordOptions(string Path, McapCompression Compression, RecordProfile Profile = RecordProfile.Sim);

/// <summary>The sensor options of `sim run`.</summary>
/// <param name="Rig">Rig file overriding the scenario's, or null.</param>
/// <param name="RecordDirectory">Directory for the sensor recordings, or null (counted only).</param>
internal sealed record SensorOptions(string? Rig, string? RecordDirectory);
