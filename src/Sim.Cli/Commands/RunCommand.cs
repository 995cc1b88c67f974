using System.CommandLine;
using HilBridge.Session;
using Mcap;
using Sim.Cli.Output;
using Sim.Runtime;
using Sim.Runtime.Hil;
using Sim.Runtime.Recording;
using Sim.Runtime.Wire;
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
        var overwrite = new Option<bool>("--overwrite") { Description = "--record replaces an existing file (without it, one is an error)" };
        var compression = new Option<string>("--record-compression") { Description = "MCAP chunk compression: lz4 (fast; a chunk it would shrink by less than a quarter, such as lidar points, is stored uncompressed), zstd (smaller, every chunk) or none", DefaultValueFactory = _ => "lz4" };
        var view = new Option<bool>("--view") { Description = "Also write DIR/view.html: the run animated top-down with its roads, sensor footprints, KPI plots and events, in one offline page (docs/view.md)" };
        var profile = new Option<string>("--record-profile") { Description = "What --record writes: sim (this project's channels, which sim replay and sim log read), ros2 (standard ROS 2 messages in CDR only: a bag for ros2 bag play), or both", DefaultValueFactory = _ => "sim" };
        var wireUdp = new Option<string?>("--wire-udp") { Description = "Send the rig's 'wire' sensors' own packets (Ouster, Velodyne, NMEA) by UDP to HOST, on the rig's ports, at the devices' rates in real time (docs/sensors/lidar-wire.md)" };
        var wireOut = new Option<string?>("--wire-out") { Description = "Write the 'wire' sensors' packets to DIR/sensors.pcap, each Ouster's metadata to DIR/NAME.json and each NMEA receiver's sentences to DIR/NAME.nmea" };
        var wireUtc = new Option<string?>("--wire-utc") { Description = "UTC time of simulation time 0 for the devices' clocks, ISO 8601 (default 2024-01-01T00:00:00Z)" };
        var osiUdp = new Option<string?>("--osi-udp") { Description = "Send ASAM OSI 3.8 osi3.GroundTruth of every state by UDP to HOST:PORT as esmini does (8,192-byte chunks, {int32 counter; uint32 size} headers, last counter negative; esmini's port is 48198; docs/osi.md)", HelpName = "HOST:PORT" };
        var loading = new CommonOptions.Loading();
        var hil = new HilOptions();
        var cmd = new Command("run", "Run a scenario with the reference driver, or a HIL target with --target; write DIR/result.json, DIR/trajectories.csv, DIR/kpi_series.csv and DIR/scene.json. Exit 0 pass, 1 a criterion failed, 2 bad input or error.");
        cmd.Arguments.Add(scenario);
        cmd.Options.Add(output);
        cmd.Options.Add(seed);
        cmd.Options.Add(step);
        cmd.Options.Add(threads);
        cmd.Options.Add(rig);
        cmd.Options.Add(record);
        cmd.Options.Add(mcap);
        cmd.Options.Add(overwrite);
        cmd.Options.Add(compression);
        cmd.Options.Add(view);
        cmd.Options.Add(profile);
        cmd.Options.Add(wireUdp);
        cmd.Options.Add(wireOut);
        cmd.Options.Add(wireUtc);
        cmd.Options.Add(osiUdp);
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
            RecordingRequest? recording = null;
            WireRequest? wire = null;
            try
            {
                target = hil.Read(r);
                wire = WireOptions(r.GetValue(wireUdp), r.GetValue(wireOut), r.GetValue(wireUtc));
                if (r.GetValue(mcap) is { } file)
                {
                    recording = new RecordingRequest(file, r.GetValue(compression) switch
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
                    }) { Overwrite = r.GetValue(overwrite) };
                }
            }
            catch (InputException e)
            {
                CommonOptions.Print(e.Errors);
                return ExitCodes.BadInput;
            }
            int code = Execute(new RunRequest(r.GetValue(scenario)!, r.GetValue(output)!)
            {
                Simulation = new SimulationOptions
                {
                    Seed = r.GetValue(seed),
                    Step = r.GetValue(step),
                    Threads = r.GetValue(threads),
                },
                // The run's seed also draws a stochastic parameter value distribution without a randomSeed of its own.
                Load = load with { Seed = r.GetValue(seed) ?? 0 },
                Rig = r.GetValue(rig),
                RecordSensors = r.GetValue(record),
                Record = recording,
                Wire = wire,
                Target = target,
                Model = loading.ModelSpec(r),
                OsiUdp = r.GetValue(osiUdp),
            }, r.GetValue(quiet));
            return code is ExitCodes.Pass or ExitCodes.CriterionFailed && r.GetValue(view) ? ViewCommand.WriteAfterRun(r.GetValue(output)!, code, r.GetValue(quiet)) : code;
        });
        return cmd;
    }

    /// <summary>The wire outputs the options ask for, or null.</summary>
    private static WireRequest? WireOptions(string? udp, string? dir, string? utc)
    {
        if (udp is null && dir is null)
        {
            return utc is null ? null : throw new InputException(new SourceLocation("--wire-utc", 0, 0), "sets the clocks of --wire-udp or --wire-out: give one of them");
        }
        if (udp is { Length: 0 } || dir is { Length: 0 })
        {
            throw new InputException(new SourceLocation(udp is { Length: 0 } ? "--wire-udp" : "--wire-out", 0, 0), "is empty");
        }
        var request = new WireRequest(udp, dir);
        if (utc is not null)
        {
            if (!DateTimeOffset.TryParse(utc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset when) || when.Year < 1980 || when.Year > 2099)
            {
                throw new InputException(new SourceLocation("--wire-utc", 0, 0), $"'{utc}' is not an ISO 8601 time from 1980 to 2099 (e.g. 2024-06-01T12:00:00Z)");
            }
            request = request with { UtcStart = when.ToUniversalTime() };
        }
        return request;
    }

    internal static int Execute(string path, string outDir, SimulationOptions options, IReadOnlyDictionary<string, string> overrides, bool quiet)
        => Execute(new RunRequest(path, outDir) { Simulation = options, Load = new LoadOptions { Parameters = overrides } }, quiet);

    /// <summary>Runs <paramref name="request"/> with the console as `sim run` shows it; returns the exit code.</summary>
    internal static int Execute(RunRequest request, bool quiet)
    {
        request = request with { Warnings = Console.Error, Log = quiet ? null : Console.Error };
        using var stop = new SignalStop(request.Target is not null);
        request = request with { Cancel = stop.Token };
        RunOutcome outcome;
        try
        {
            using RunSession session = RunSession.Open(request);
            stop.Attach(session);
            outcome = session.Run();
            if (outcome.Error is null && !quiet)
            {
                Print(session, outcome, request);
            }
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
        if (outcome.Error is not null)
        {
            Console.Error.WriteLine($"{request.Scenario}: error: {outcome.Error}; result.json (status error) and trajectories.csv up to then are in {request.OutputDirectory}");
        }
        return ExitCodes.Of(outcome.Verdict);
    }

    private static void Print(RunSession session, RunOutcome outcome, RunRequest request)
    {
        ConsoleSummary.Print(outcome.Result, outcome.WallSeconds, request.OutputDirectory, outcome.Sensors, request.RecordSensors);
        if (session.Model is { } model)
        {
            Perception.Runtime.LatencySummary l = model.InferenceLatency;
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"model: {model.SpecPath} on {model.Provider}, {model.Frames} sweeps, inference p50 {l.P50Ms:F3} ms p99 {l.P99Ms:F3} ms, {model.NonFiniteFrames} non-finite frames"));
        }
        if (session.Hil is { } h)
        {
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"hil: {h.Target}, {h.Ticks} ticks, {h.AnswersApplied} answers applied, round trip p50 {h.RoundTrip.PercentileMs(0.5):F3} ms p99 {h.RoundTrip.PercentileMs(0.99):F3} ms, stale {h.StaleAnswers}, dropped ticks {h.DroppedTicks}, deadline misses {h.DeadlineMisses}"));
        }
    }
}
