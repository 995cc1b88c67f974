namespace HilBridge.Protocol.Messages;

/// <summary>Alive; carries nothing beyond its envelope.</summary>
public sealed record Heartbeat
{
    /// <summary>The one instance.</summary>
    public static Heartbeat Instance { get; } = new();
}
