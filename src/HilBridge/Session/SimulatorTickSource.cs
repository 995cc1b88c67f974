using HilBridge.Protocol.Messages;
using SimCore.Simulation;

namespace HilBridge.Session;

/// <summary>Closed loop: ticks from a running simulation whose ego the target drives.</summary>
public sealed class SimulatorTickSource : TickSource
{
    private readonly Simulator _sim;
    private readonly int _ego;
    private readonly Action<Simulator>? _onState;
    private readonly EntitySnapshot[] _snapshots;

    /// <summary>
    /// Hands entity <paramref name="ego"/> of <paramref name="sim"/> to the target.
    /// <paramref name="onState"/> sees every state (the initial one and each step's, as
    /// <see cref="Simulator.Run"/> gives them) before its tick goes out: it runs the sensors (whose
    /// outputs reach the tick through the runner's <see cref="HilRunner.Frames"/>) and writes outputs.
    /// </summary>
    public SimulatorTickSource(Simulator sim, int ego, Action<Simulator>? onState)
    {
        sim.UseExternalDriver(ego);
        (_sim, _ego, _onState) = (sim, ego, onState);
        _snapshots = new EntitySnapshot[sim.EntityCount];
    }

    /// <summary>The simulation.</summary>
    public Simulator Simulator => _sim;

    /// <summary>Called with each answer that carries perceived objects, with the simulation at the state it applies to.</summary>
    public Action<Simulator, Actuation>? OnPerception { get; set; }

    /// <inheritdoc/>
    public override long StepNs => _sim.Step.Nanoseconds;

    /// <inheritdoc/>
    public override long TimeNs => _sim.Time.Nanoseconds;

    /// <inheritdoc/>
    public override void Produce(TickFrameBuffer frames) => _onState?.Invoke(_sim);

    /// <inheritdoc/>
    public override VehicleState Vehicle()
    {
        _sim.GetSnapshot(_snapshots);
        EntitySnapshot e = _snapshots[_ego];
        return new VehicleState(e.X, e.Y, e.Z, e.Heading, e.Pitch, 0, e.Speed, e.LateralVelocity, e.Acceleration, e.LateralAcceleration, e.YawRate, e.SteeringAngle);
    }

    /// <inheritdoc/>
    public override void Apply(double steeringAngle, double acceleration) => _sim.SetDemand(_ego, steeringAngle, acceleration);

    /// <summary>Called with each accepted answer and the time of the tick it answers (ns).</summary>
    public Action<ulong, long, Actuation>? OnAnswer { get; set; }

    /// <inheritdoc/>
    public override void Answered(ulong tick, Actuation answer)
    {
        OnAnswer?.Invoke(tick, (long)tick * StepNs, answer);
        if (answer.Objects is not null)
        {
            OnPerception?.Invoke(_sim, answer);
        }
    }

    /// <inheritdoc/>
    public override void ReportAeb(int stage) => _sim.ReportAeb(_ego, stage);

    /// <inheritdoc/>
    public override bool Advance() => _sim.Advance();

    /// <inheritdoc/>
    public override void Finish(TickFrameBuffer frames)
    {
        if (_sim.EndedWithNewState)
        {
            _onState?.Invoke(_sim);
        }
    }
}
