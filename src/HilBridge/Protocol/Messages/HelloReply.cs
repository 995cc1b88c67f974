namespace HilBridge.Protocol.Messages;

/// <summary>The target's answer to <see cref="Hello"/>.</summary>
/// <param name="TargetName">Name of the target program or computer.</param>
/// <param name="TargetVersion">Its version string.</param>
/// <param name="Streams">Names of the manifest streams it wants (empty: none).</param>
/// <param name="Mode">How it actuates.</param>
/// <param name="WantsVehicleState">Whether ticks carry the ego's vehicle state.</param>
public sealed record HelloReply(string TargetName, string TargetVersion, IReadOnlyList<string> Streams, ActuationMode Mode, bool WantsVehicleState);
