namespace HilBridge.Protocol;

/// <summary>Why a received message was rejected.</summary>
public enum RejectReason
{
    /// <summary>Not MessagePack, or not the layout docs/hil-protocol.md gives.</summary>
    Malformed,
    /// <summary>Another protocol version.</summary>
    WrongVersion,
    /// <summary>Larger than the configured limit (whole message, a string or a list).</summary>
    Oversized,
}

/// <summary>A received message was rejected; <see cref="Reason"/> says why, the message where.</summary>
public sealed class ProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProtocolException(RejectReason reason, string message, Exception? inner = null) : base(message, inner) => Reason = reason;

    /// <summary>The category, for counting rejected messages.</summary>
    public RejectReason Reason { get; }
}
