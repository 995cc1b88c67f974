using HilBridge.Protocol;

namespace HilBridge.Transport;

/// <summary>A decoded message and its payload frames (frame 1 is <c>Payloads[0]</c>).</summary>
public sealed record ReceivedMessage(Envelope Envelope, object Body, IReadOnlyList<byte[]> Payloads);
