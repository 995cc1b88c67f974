namespace HilBridge.Protocol.Messages;

/// <summary>One simulation tick: the sensor outputs due at it and, when the target asked, the ego's state.</summary>
public sealed record Tick(ulong Index, IReadOnlyList<FrameDescriptor> Frames, VehicleState? Vehicle);
