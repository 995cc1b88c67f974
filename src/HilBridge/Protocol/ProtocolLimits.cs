namespace HilBridge.Protocol;

/// <summary>Bounds on what a peer may send; anything larger is rejected before it is decoded.</summary>
public sealed record ProtocolLimits
{
    /// <summary>Largest first (MessagePack) frame in bytes. Payloads travel in their own frames.</summary>
    public int MaxHeaderBytes { get; init; } = 1 << 20;

    /// <summary>Longest list (sensors, frames, CAN frames, objects, debug values).</summary>
    public int MaxListLength { get; init; } = 4096;

    /// <summary>Longest string or binary field in bytes (the DBC and calibration texts are the long ones).</summary>
    public int MaxStringBytes { get; init; } = 512 * 1024;

    /// <summary>
    /// Largest frame the simulator's control socket takes in at all (4 MiB): a frame 0 between
    /// <see cref="MaxHeaderBytes"/> and this is read, counted as oversized and dropped; a larger one
    /// makes the transport drop the connection before buffering it (the bound on what a peer can make
    /// the simulator hold).
    /// </summary>
    public long MaxControlFrameBytes { get; init; } = 4L << 20;

    /// <summary>Largest single ZeroMQ frame (payloads included) in bytes; larger messages are dropped by the socket.</summary>
    public long MaxPayloadBytes { get; init; } = 256L << 20;

    /// <summary>The defaults.</summary>
    public static ProtocolLimits Default { get; } = new();
}
