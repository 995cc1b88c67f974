using SensorModels.Output;

namespace HilBridge.Protocol.Messages;

/// <summary>
/// One sensor output in a tick: the output's header, as the sensor wrote it, and which extra
/// ZeroMQ frame (1-based) holds its payload bytes. The wire carries no sensor type (the Hello's
/// manifest does): a decoded frame's type is empty until the receiver fills it from the manifest.
/// </summary>
/// <param name="Frame">Stream (sensor) name, type, format, sequence and time span (ns).</param>
/// <param name="PayloadFrame">The 1-based ZeroMQ frame after the envelope that holds the payload.</param>
public sealed record FrameDescriptor(SensorFrame Frame, int PayloadFrame);
