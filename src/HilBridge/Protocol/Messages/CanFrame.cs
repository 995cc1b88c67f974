namespace HilBridge.Protocol.Messages;

/// <summary>A CAN frame (identifier with bit 31 set for extended ids, as DBC files write them; 0..64 data bytes).</summary>
public sealed record CanFrame(uint Id, byte[] Data);
