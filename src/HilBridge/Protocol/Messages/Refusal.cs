namespace HilBridge.Protocol.Messages;

/// <summary>Ends a session: what could not be accepted, and the versions the sender speaks.</summary>
public sealed record Refusal(string Reason, IReadOnlyList<ushort> SupportedVersions);
