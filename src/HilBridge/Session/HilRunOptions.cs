using SensorModels.Can;

namespace HilBridge.Session;

/// <summary>How a HIL run is driven (docs/hil-protocol.md, "Modes").</summary>
public sealed record HilRunOptions
{
    /// <summary>Lockstep (default) or real time.</summary>
    public HilMode Mode { get; init; } = HilMode.Lockstep;

    /// <summary>Lockstep: the longest the simulator waits for the answer to one tick from a live target.</summary>
    public TimeSpan AnswerTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Silence from the target (no message of any kind) longer than this ends the run: "target lost".</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How often the simulator sends a Heartbeat on the control channel, from its Hello until the session ends, whatever it is doing (0.5 s).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Real time: simulated seconds per wall-clock second.</summary>
    public double RealTimeFactor { get; init; } = 1.0;

    /// <summary>
    /// Simulated time between an actuation taking effect at the target's side and at the ego's
    /// actuators (ns): the bus latency of the vehicle. Rounded up to whole steps.
    /// </summary>
    public long ActuationDelayNs { get; init; }

    /// <summary>Decodes CAN actuation (targets that actuate over CAN); null when the rig has no bus.</summary>
    public CanActuationDecoder? Can { get; init; }
}
