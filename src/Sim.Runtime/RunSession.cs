using System.Diagnostics;
using System.Text.Json;
using HilBridge.Session;
using Sim.Runtime.Hil;
using Sim.Runtime.Output;
using Sim.Runtime.Recording;
using SensorModels.Runtime;
using Sim.Runtime.Sil;
using SimCore.Diagnostics;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Runtime;

/// <summary>
/// What `sim run` does, for any program: loads the scenario, mounts the rig (cameras rendered,
/// scene geometry for lidar and radar), hands the ego to the reference driver, a HIL target or a
/// perception model, records the run, and writes result.json, trajectories.csv, kpi_series.csv and scene.json (docs/kpis.md).
/// </summary>
/// <example>
/// <code>
/// using RunSession run = RunSession.Open(new RunRequest("scenarios/highway_cut_in.yaml", "out") { Rig = "scenarios/rigs/minimal.yaml" });
/// RunOutcome outcome = run.Run();
/// Console.WriteLine($"{outcome.Result.Status} {outcome.Result.StateHash}");
/// </code>
/// </example>
public sealed class RunSession : IDisposable
{
    private readonly RunRequest _request;
    private readonly string _csvPath;
    private readonly string _jsonPath;
    private readonly string _seriesPath;
    private readonly string _scenePath;
    private RunScene? _scene;
    private bool _ran;

    private RunSession(RunRequest request, Scenario scenario, Simulator sim)
    {
        _request = request;
        Scenario = scenario;
        Simulator = sim;
        Stages = new StepStages(sim);
        _csvPath = Path.Combine(request.OutputDirectory, "trajectories.csv");
        _jsonPath = Path.Combine(request.OutputDirectory, "result.json");
        _seriesPath = Path.Combine(request.OutputDirectory, KpiSeriesCsvWriter.FileName);
        _scenePath = Path.Combine(request.OutputDirectory, SceneJson.FileName);
    }

    /// <summary>The loaded scenario.</summary>
    public Scenario Scenario { get; }

    /// <summary>The simulation, at its initial state until <see cref="Run"/>.</summary>
    public Simulator Simulator { get; }

    /// <summary>
    /// The run's step stages, with the rig, driver, target and recording hooked in: add handlers
    /// before <see cref="Run"/> to see every state and sensor output as the run produces them.
    /// </summary>
    public StepStages Stages { get; }

    /// <summary>The sensor rig, or null when the run has none.</summary>
    public RigSession? Rig { get; private set; }

    /// <summary>What the HIL session measured (target, ticks, round trips), or null without a target.</summary>
    public HilReport? Hil => _hil?.Report;

    /// <summary>The perception model that drives the ego (provider, sweeps, latency), or null.</summary>
    public Perception.Runtime.ModelRunner? Model => _model?.Model;

    private OutputDirectory? _output;
    private HilSession? _hil;
    private OsiStreams? _osi;
    private ModelEgoDriver? _model;
    private Wire.WireOutput? _wire;

    private RunRecorder? Recording { get; set; }

    /// <summary>
    /// Prepares the run: the scenario (read first: a mistyped path leaves the last run's outputs
    /// alone), the output directory (taken for this run alone, and older outputs there deleted so
    /// that none can pass for this run's), the rig, the driver, the target (waiting for it to
    /// connect) and the recording. Nothing that looks like a result is written before <see cref="Run"/>.
    /// </summary>
    /// <exception cref="InputException">A bad scenario, rig, model spec or combination of options (every error, located).</exception>
    /// <exception cref="RunException">The output directory cannot be used or another run is using it, or no target connected.</exception>
    public static RunSession Open(RunRequest request)
    {
        if (request.OutputDirectory.Length == 0)
        {
            throw new InputException(new SourceLocation("--out", 0, 0), "the output directory is an empty path");
        }
        if (request.Record is { } recording)
        {
            OutputFile.Claim(recording.Path, "--record", recording.Overwrite);
        }
        var warnings = new List<InputError>();
        Scenario scenario = ScenarioFiles.Load(request.Scenario, request.Load, warnings);
        foreach (InputError w in warnings)
        {
            request.Warnings?.WriteLine(w.ToString());
        }
        var session = new RunSession(request, scenario, new Simulator(scenario, request.Simulation));
        try
        {
            session._output = OutputDirectory.Take(request.OutputDirectory);
            session.Prepare();
            session._output.DeleteOlderOutputs();
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private void Prepare()
    {
        RunRequest r = _request;
        // --rig overrides the scenario's rig; --record-sensors alone records the scenario's rig.
        string? rigFile = r.Rig ?? Scenario.RigFile;
        if (rigFile is not null)
        {
            // --strict: cameras that cannot render (no Vulkan driver) are an error, not a warning.
            Rig = RigSession.Create(rigFile, r.RecordSensors, Scenario, Simulator, r.Load.Strict);
            Rig.Attach(Stages);
            if (Rig.CameraWarning is { } warning)
            {
                r.Warnings?.WriteLine(warning);
            }
        }
        else if (r.RecordSensors is not null)
        {
            throw new InputException(new SourceLocation(r.Scenario, 0, 0), "--record-sensors needs a sensor rig: give --rig FILE or a 'rig:' in the scenario");
        }
        if (r.Wire is { } wire)
        {
            if (Rig is null)
            {
                throw new InputException(new SourceLocation(r.Scenario, 0, 0), "--wire-udp and --wire-out need a sensor rig: give --rig FILE or a 'rig:' in the scenario");
            }
            if (r.Target?.Run.Mode == HilMode.RealTime)
            {
                wire = wire with { RealTimeFactor = r.Target.Run.RealTimeFactor };
            }
            _wire = Wire.WireOutput.Start(wire, Rig);
            _wire.Attach(Stages);
        }
        if (r.Target is null && Scenario.ExternalDriver is { } external)
        {
            throw new InputException(external.Where, $"entity '{external.Name}' has driver 'external': a HIL target drives it; run with --target tcp://HOST:PORT (docs/hil-protocol.md)");
        }
        if (r.Model is not null)
        {
            _model = r.Target is not null
                ? throw new InputException(new SourceLocation("--ego-driver", 0, 0), "onnx:SPEC and --target both want to drive the ego: choose one")
                : ModelEgoDriver.Start(r.Model, Scenario, Simulator, Rig);
            _model.Attach(Stages);
        }
        if (r.OsiUdp is not null || r.Record is not null || r.Target is not null)
        {
            // OSI messages: by UDP, to a target that asks for them, into the recording (docs/osi.md).
            // Opened before the target is waited for: a malformed --osi-udp is reported at once.
            _osi = OsiStreams.Open(Simulator, Scenario.Network, Rig, r.OsiUdp);
        }
        if (r.Target is not null)
        {
            try
            {
                _hil = HilSession.Open(r.Target, Scenario, Simulator, Rig, r.Log, r.Warnings, r.Cancel);
                _hil.Attach(Stages);
            }
            catch (HilException e)
            {
                throw new RunException(r.Scenario, e.Message, e);
            }
        }
        if (_osi is not null)
        {
            _osi.Serve(_hil?.Streams ?? []);
            _osi.Attach(Stages);
        }
        if (r.Record is not null)
        {
            Recording = RunRecorder.Start(r.Record.Path, r.Record.Compression, r.Record.Profile, r.Scenario, Scenario, Simulator, Rig, _hil is not null,
                r.Target is null ? "closed_loop" : r.Target.Run.Mode == HilMode.Lockstep ? "hil_lockstep" : "hil_real_time", _osi?.World);
            Recording.Attach(Stages, _hil);
        }
        _scene = SceneJson.Capture(r.Load, Scenario, Simulator, Rig?.RigPath, Rig?.Rig);
    }

    /// <summary>
    /// Stops the run from any thread (a signal handler): a HIL target gets EndOfRun(error,
    /// <paramref name="reason"/>) at once, and the run ends at its next tick as an error, with its
    /// outputs written up to then. Without a target, nothing (the caller stops the process).
    /// </summary>
    public void Interrupt(string reason) => _hil?.Interrupt(reason);

    /// <summary>
    /// Runs the scenario to its end and writes the outputs: trajectories.csv and result.json appear
    /// under their names only when complete; a recording is completed; a HIL target gets the
    /// result. A target lost on the way ends the run early: its outcome carries the error and
    /// result.json (status error) what was simulated until then.
    /// </summary>
    /// <exception cref="InputException">Bad input found only while running (e.g. a teleport to a position that does not exist).</exception>
    /// <exception cref="RunException">The model failed, or the simulator did (a bug): no output is left that looks valid.</exception>
    public RunOutcome Run()
    {
        if (_ran)
        {
            throw new InvalidOperationException("a session runs once");
        }
        _ran = true;
        // Outputs appear under their real names only when complete: a crash leaves no file that looks
        // valid, and a failed run leaves no older run's files behind to be mistaken for its own.
        string csvTemp = _output!.Partial(_csvPath);
        string jsonTemp = _output.Partial(_jsonPath);
        string seriesTemp = _output.Partial(_seriesPath);
        string sceneTemp = _output.Partial(_scenePath);
        Simulator sim = Simulator;
        RigSession? sensorRun = Rig;
        ModelEgoDriver? sil = _model;
        HilSession? target = _hil;
        RunRecorder? recorder = Recording;
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
                Stages.StateReady += csv.Write;
                Stages.StateReady += series.Write;
                try
                {
                    result = Stages.Run();
                }
                catch (HilException e) when (target is not null)
                {
                    // The run ends here; what was simulated up to now is kept, marked as an error.
                    hilError = e.Message;
                    result = sim.Result();
                }
                wall = watch.Elapsed.TotalSeconds;
            }
            sensorSummary = sensorRun?.Summary();
            var sections = new List<(string, Action<Utf8JsonWriter>)>();
            if (sensorRun?.RayCasting is { } rayCasting)
            {
                sections.Add(("ray_casting", rayCasting.WriteJson));
            }
            if (target is not null)
            {
                sections.Add(("hil", target.Report.WriteJson));
            }
            if (sil is not null)
            {
                sections.Add(("model", sil.WriteJson));
            }
            // Queued packets go out at their times before the result is written.
            _wire?.Complete();
            if (_wire is not null)
            {
                sections.Add(("wire", _wire.WriteJson));
            }
            if (recorder is not null)
            {
                sections.Add(("recording", recorder.WriteJson));
            }
            ResultJsonWriter.Write(jsonTemp, result, wall, sensorSummary, hilError, sections);
            SceneJson.Write(sceneTemp, _scene!);
            sensorRun?.Complete();
            File.Move(csvTemp, _csvPath, overwrite: true);
            File.Move(seriesTemp, _seriesPath, overwrite: true);
            File.Move(sceneTemp, _scenePath, overwrite: true);
            File.Move(jsonTemp, _jsonPath, overwrite: true);
            recorder?.Complete(result);
            if (target is not null && hilError is null)
            {
                target.End(result, File.ReadAllText(_jsonPath));
            }
        }
        catch (InputException)
        {
            DeleteAll(csvTemp, jsonTemp, seriesTemp, sceneTemp);
            throw;
        }
        catch (Exception e) when (e is Perception.Runtime.ModelOutputException or InvalidDataException)
        {
            // The model in the loop failed at run time (an output of the wrong shape): its fault, not the simulator's.
            DeleteAll(csvTemp, jsonTemp, seriesTemp, sceneTemp);
            throw new RunException(_request.Model ?? _request.Scenario, $"the model failed at t = {sim.Time}: {e.Message}", e);
        }
        catch (IOException e)
        {
            // The disk is full or an output went away: the environment's fault, which the user can fix.
            DeleteAll(csvTemp, jsonTemp, seriesTemp, sceneTemp);
            throw new RunException(_request.OutputDirectory, $"cannot write the outputs at t = {sim.Time}: {e.Message}", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A fault of the simulator, not of the input: one clear line, and no output that looks valid.
            DeleteAll(csvTemp, jsonTemp, seriesTemp, sceneTemp);
            throw RunException.Internal(_request.Scenario, $"the simulation stopped at t = {sim.Time}: {e.GetType().Name}: {e.Message} (a simulator bug: please report it with the scenario)", e);
        }
        return new RunOutcome(result, wall, sensorSummary, hilError, _jsonPath, _csvPath);
    }

    private static void DeleteAll(params string[] paths)
    {
        foreach (string path in paths)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // Cleaning up after a failed write: the first error is the one to report.
            }
        }
    }

    /// <summary>Closes the target's sockets, the cameras and the recording; an unfinished recording stays as .partial and unfinished sensor files are deleted.</summary>
    public void Dispose()
    {
        Recording?.Dispose();
        _wire?.Dispose();
        _hil?.Dispose();
        _osi?.Dispose();
        _model?.Dispose();
        Rig?.Dispose();
        _output?.Dispose();
    }
}

/// <summary>How a run ended and where its outputs are.</summary>
/// <param name="Result">The verdict, KPIs, events and state hash.</param>
/// <param name="WallSeconds">Wall-clock seconds the run took.</param>
/// <param name="Sensors">Outputs and bytes per sensor, in rig order, or null without a rig.</param>
/// <param name="Error">Why a HIL run was cut short (target lost, no answer), or null.</param>
/// <param name="ResultPath">result.json.</param>
/// <param name="TrajectoriesPath">trajectories.csv.</param>
public sealed record RunOutcome(RunResult Result, double WallSeconds, IReadOnlyList<SensorSummary>? Sensors, string? Error, string ResultPath, string TrajectoriesPath)
{
    /// <summary>Error when cut short, else pass or fail by the criteria.</summary>
    public Verdict Verdict => Error is not null ? Verdict.Error : Result.Status == RunStatus.Pass ? Verdict.Pass : Verdict.Fail;
}
