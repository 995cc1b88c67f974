namespace HilBridge.Protocol.Messages;

/// <summary>The target's answer to tick <see cref="Tick"/>.</summary>
/// <param name="Tick">Index of the tick answered.</param>
/// <param name="Mode">Which of the fields below carry the command.</param>
/// <param name="SteeringAngle">Road-wheel angle demand (rad, left positive), command mode.</param>
/// <param name="Acceleration">Longitudinal acceleration demand (m/s^2), command mode.</param>
/// <param name="CanFrames">Actuation frames, CAN mode.</param>
/// <param name="Objects">What the target perceived, or null.</param>
/// <param name="Debug">Named values to record, or null.</param>
/// <param name="Plan">The trajectory the target plans from this tick (poses at horizons), or null: optional, scored in open-loop replay.</param>
public sealed record Actuation(
    ulong Tick, ActuationMode Mode, double SteeringAngle, double Acceleration,
    IReadOnlyList<CanFrame> CanFrames, IReadOnlyList<PerceivedObject>? Objects, IReadOnlyList<KeyValuePair<string, double>>? Debug,
    IReadOnlyList<PlannedPose>? Plan = null);
