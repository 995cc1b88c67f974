namespace SensorModels.Can;

/// <summary>One CAN frame of a "can.v1" payload (docs/sensors/can.md); <see cref="Data"/> points into the payload.</summary>
/// <param name="TimestampNanoseconds">Simulation time the frame was sent.</param>
/// <param name="Id">CAN identifier (11 or 29 bits).</param>
/// <param name="IsExtended">29-bit identifier.</param>
/// <param name="IsFd">CAN FD frame.</param>
/// <param name="Data">Payload bytes.</param>
public readonly ref struct CanFrameRecord(long TimestampNanoseconds, uint Id, bool IsExtended, bool IsFd, ReadOnlySpan<byte> Data)
{
    /// <summary>Simulation time the frame was sent.</summary>
    public long TimestampNanoseconds { get; } = TimestampNanoseconds;

    /// <summary>CAN identifier (11 or 29 bits).</summary>
    public uint Id { get; } = Id;

    /// <summary>29-bit identifier.</summary>
    public bool IsExtended { get; } = IsExtended;

    /// <summary>CAN FD frame.</summary>
    public bool IsFd { get; } = IsFd;

    /// <summary>Payload bytes.</summary>
    public ReadOnlySpan<byte> Data { get; } = Data;
}
