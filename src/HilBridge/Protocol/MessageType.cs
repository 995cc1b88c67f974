namespace HilBridge.Protocol;

/// <summary>Message kinds on the wire (docs/hil-protocol.md); the number is the envelope's type field.</summary>
public enum MessageType : byte
{
    /// <summary>Simulator to target: protocol version, scenario, step, sensor manifest, DBC.</summary>
    Hello = 1,
    /// <summary>Target to simulator: who it is, the streams it wants, how it actuates.</summary>
    HelloReply = 2,
    /// <summary>Either side: the other's message cannot be accepted (version, content); the session ends.</summary>
    Refusal = 3,
    /// <summary>Simulator to target: one simulation tick's sensor frames (payloads in extra frames) and vehicle state.</summary>
    Tick = 4,
    /// <summary>Target to simulator: actuation answering a tick, optional perception and debug values.</summary>
    Actuation = 5,
    /// <summary>Either side: alive.</summary>
    Heartbeat = 6,
    /// <summary>Simulator to target: the run ended, with status and result summary.</summary>
    EndOfRun = 7,
}
