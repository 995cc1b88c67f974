namespace HilBridge.Protocol;

/// <summary>
/// The header every message carries in its first ZeroMQ frame: protocol version, type, simulation
/// time of the tick it belongs to (ns) and the sender's sequence number (one counter per sender, from 0).
/// </summary>
public readonly record struct Envelope(ushort Version, MessageType Type, long TimeNs, ulong Sequence);
