namespace SensorModels.Can;

/// <summary>How a signal's bits are laid out in the frame (the digit after '@' in a DBC signal).</summary>
public enum DbcByteOrder
{
    /// <summary>@0: Motorola, big-endian; the start bit is the most significant bit.</summary>
    Motorola = 0,

    /// <summary>@1: Intel, little-endian; the start bit is the least significant bit.</summary>
    Intel = 1,
}
