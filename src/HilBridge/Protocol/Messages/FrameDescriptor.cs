namespace HilBridge.Protocol.Messages;

/// <summary>
/// One sensor output in a tick: stream name, its sequence, the time span it covers (ns), its format
/// and which extra ZeroMQ frame (1-based) holds its payload bytes.
/// </summary>
public sealed record FrameDescriptor(string Stream, long Sequence, long StartNs, long EndNs, string Format, int PayloadFrame);
