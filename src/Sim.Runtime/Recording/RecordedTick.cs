using HilBridge.Protocol.Messages;
using SensorModels.Output;
using SimCore.Simulation;

namespace Sim.Runtime.Recording;

/// <summary>One tick of a recording, as replay feeds it to a target.</summary>
/// <param name="Tick">Tick index.</param>
/// <param name="TimeNs">Simulation time (ns).</param>
/// <param name="Ego">The ego's state.</param>
/// <param name="Frames">The sensor outputs of the tick with their payloads.</param>
/// <param name="GroundTruth">Every entity's state, or null when not recorded.</param>
/// <param name="EgoIndex">Index of the ego among <paramref name="GroundTruth"/>.</param>
/// <param name="Logged">The actuation applied in the recorded run, or null.</param>
internal sealed record RecordedTick(ulong Tick, long TimeNs, VehicleState Ego, IReadOnlyList<(SensorFrame Frame, ReadOnlyMemory<byte> Payload)> Frames,
    EntitySnapshot[]? GroundTruth, int EgoIndex, Actuation? Logged);
