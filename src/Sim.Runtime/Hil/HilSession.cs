using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using Sim.Runtime.Scoring;
using HilBridge.Session;
using HilBridge.Transport;
using SensorModels.Can;
using SensorModels.Runtime;
using SimCore.Diagnostics;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Runtime.Hil;

/// <summary>The HIL options of `sim run --target`.</summary>
/// <param name="Endpoint">Where to listen.</param>
/// <param name="Run">Mode, timeouts, real-time factor, actuation delay.</param>
/// <param name="ConnectTimeout">How long to wait for a target.</param>
/// <param name="CurveSecret">The simulator's CURVE secret key file, or null (plain TCP).</param>
/// <param name="TargetKey">The target's CURVE public key file (the simulator then authenticates the target), or null.</param>
public sealed record HilTargetOptions(HilEndpoint Endpoint, HilRunOptions Run, TimeSpan ConnectTimeout, string? CurveSecret, string? TargetKey)
{
    /// <summary>How long the target may take to answer the Hello (30 s).</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// `sim run --target`: binds the control channel and data stream, waits for a target, hands it the
/// Hello (scenario, step, the rig's sensor manifest, the DBC), and runs the scenario with the ego
/// driven by it. Perceived objects the target reports are scored against ground truth.
/// </summary>
internal sealed class HilSession : IDisposable
{
    private readonly ControlServer _control;
    private readonly FrameStreamSender _data;
    private readonly HilRunner _runner;
    private readonly EgoPerceptionScorer _scorer = new();
    private readonly int _ego;
    private EntitySnapshot[] _snapshots = [];

    private HilSession(ControlServer control, FrameStreamSender data, HilRunner runner, int ego)
    {
        (_control, _data, _runner, _ego) = (control, data, runner, ego);
    }

    /// <summary>The streams the target asked for in its HelloReply.</summary>
    public IReadOnlyList<string> Streams { get; private init; } = [];

    /// <summary>Index of the ego the target drives.</summary>
    public int Ego => _ego;

    /// <summary>The target's name and version.</summary>
    public string Target => _runner.Report.Target;

    /// <summary>What the run measured.</summary>
    public HilReport Report => _runner.Report;

    /// <summary>Binds, waits for a target and completes the handshake.</summary>
    /// <exception cref="InputException">Bad endpoint or key files, the ports are taken, or no ego.</exception>
    /// <exception cref="HilException">No target in time, or it refused.</exception>
    public static HilSession Open(HilTargetOptions o, Scenario scenario, Simulator sim, RigSession? rig, TextWriter? log, TextWriter? warnings = null, CancellationToken cancel = default)
    {
        int ego = sim.EgoIndex;
        if (ego < 0)
        {
            throw new InputException(new SourceLocation(scenario.SourceFile, 0, 0), "--target needs an ego for the target to drive (an entity with 'driver:')");
        }
        (ControlServer control, FrameStreamSender data, bool encrypted) = HilListener.Open(o);
        try
        {
            CanBusSensor? bus = rig?.Rig.Sensors.OfType<CanBusSensor>().FirstOrDefault();
            // The rig's streams, then the OSI ones (docs/osi.md) that every session offers.
            IReadOnlyList<SensorManifestEntry> rigStreams = rig is null ? [] : SensorManifest.FromRig(rig.Rig);
            IReadOnlyList<SensorManifestEntry> osiStreams = Output.OsiStreams.Manifest(rigStreams, rig?.Rig, sim.Step.Seconds,
                new SourceLocation(rig?.RigPath ?? scenario.SourceFile, 0, 0));
            var hello = new Hello(scenario.Name, sim.Step.Nanoseconds, sim.Seed,
                [.. rigStreams, .. osiStreams], bus is null ? null : File.ReadAllText(bus.Dbc.File), [WireCodec.Version]);
            HelloReply reply = HilListener.Accept(control, hello, o, encrypted, log, cancel);
            HilRunOptions options = reply.Mode == ActuationMode.Can && bus is not null ? o.Run with { Can = new CanActuationDecoder(bus.Dbc) } : o.Run;
            var runner = new HilRunner(control, data, reply, options);
            if (warnings is not null)
            {
                runner.Warning += w => warnings.WriteLine("warning: " + w);
            }
            return new HilSession(control, data, runner, ego) { Streams = reply.Streams };
        }
        catch
        {
            control.Dispose();
            data.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Hands the ego to the target in <paramref name="stages"/> (<see cref="HilRunner.Attach"/>):
    /// the rig's outputs go out with each tick, the answers drive, and perceived objects they carry
    /// are scored against the ego's ground truth at the tick's state.
    /// </summary>
    public void Attach(StepStages stages)
    {
        _runner.Attach(stages, _ego);
        Simulator sim = stages.Simulator;
        _runner.Answered += (_, a) =>
        {
            if (a.Objects is not null)
            {
                Score(sim, a);
            }
        };
    }

    /// <summary>Each answer the session accepted, with the tick it answers.</summary>
    public event Action<ulong, Actuation> Answered
    {
        add => _runner.Answered += value;
        remove => _runner.Answered -= value;
    }

    /// <summary>Ends the session from any thread (<see cref="HilRunner.Interrupt"/>): EndOfRun(error, <paramref name="reason"/>) at once, the run ends at its next tick.</summary>
    public void Interrupt(string reason) => _runner.Interrupt(reason);

    /// <summary>Sends EndOfRun with the run's status and result.json's text.</summary>
    public void End(RunResult r, string resultJson)
        => _runner.End((long)Math.Round(r.SimTime * 1e9), r.Status == RunStatus.Pass ? "pass" : "fail", r.EndReason.Name(), resultJson);

    private void Score(Simulator sim, Actuation a)
    {
        // Written with the report, when every tick has been scored.
        Report.Perception ??= w => _scorer.Scorer.Report().WriteJson(w);
        if (_snapshots.Length != sim.EntityCount)
        {
            _snapshots = new EntitySnapshot[sim.EntityCount];
        }
        sim.GetSnapshot(_snapshots);
        _scorer.Score(sim.Time.Nanoseconds, _snapshots, _ego, a.Objects!);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _control.Dispose();
        _data.Dispose();
    }
}
