using SimCore.Diagnostics;

namespace SensorModels.Can;

/// <summary>
/// Decodes the actuation frames the target sends on the vehicle bus: the message with signal
/// SteeringAngleRequest (steering wheel angle, deg; SteeringRequestActive) and the one with
/// AccelerationRequest (m/s^2; AccelerationRequestActive). Checks the CRC-8 SAE J1850 of a
/// "_Checksum" signal and follows the "_Counter" signal. Allocates nothing per frame.
/// </summary>
public sealed class CanActuationDecoder
{
    private readonly Target? _steering;
    private readonly Target? _acceleration;

    private sealed class Target(DbcMessage message, DbcSignal value, DbcSignal? active, DbcSignal? counter, DbcSignal? checksum)
    {
        public DbcMessage Message { get; } = message;
        public DbcSignal Value { get; } = value;
        public DbcSignal? Active { get; } = active;
        public DbcSignal? Counter { get; } = counter;
        public DbcSignal? Checksum { get; } = checksum;
        public ulong? LastCounter { get; set; }
    }

    /// <summary>Finds the actuation messages in <paramref name="dbc"/>.</summary>
    /// <param name="dbc">The vehicle bus (e.g. scenarios/can/vehicle.dbc).</param>
    /// <param name="steeringRatio">Steering wheel angle per road-wheel angle.</param>
    /// <exception cref="InputException">The DBC has neither request signal.</exception>
    public CanActuationDecoder(DbcDatabase dbc, double steeringRatio = 15.0)
    {
        SteeringRatio = steeringRatio;
        _steering = Find(dbc, "SteeringAngleRequest", "SteeringRequestActive");
        _acceleration = Find(dbc, "AccelerationRequest", "AccelerationRequestActive");
        if (_steering is null && _acceleration is null)
        {
            throw new InputException(new SourceLocation(dbc.File, 0, 0), "no message has a SteeringAngleRequest or AccelerationRequest signal: the target cannot send actuation");
        }
    }

    /// <summary>Steering wheel angle per road-wheel angle.</summary>
    public double SteeringRatio { get; }

    /// <summary>The steering request message, if the DBC has one.</summary>
    public DbcMessage? SteeringMessage => _steering?.Message;

    /// <summary>The acceleration request message, if the DBC has one.</summary>
    public DbcMessage? AccelerationMessage => _acceleration?.Message;

    /// <summary>The ids the decoder takes, as a target must send them: e.g. "steering 0x101, acceleration 0x102" (extended ones with bit 31 set).</summary>
    public string ExpectedIds => string.Join(", ", new[] { ("steering", _steering), ("acceleration", _acceleration) }
        .Where(x => x.Item2 is not null)
        .Select(x => FormattableString.Invariant($"{x.Item1} 0x{x.Item2!.Message.Id | (x.Item2.Message.IsExtended ? 0x8000_0000u : 0):X}")));

    /// <summary>Decodes one frame into <paramref name="state"/> (fields of the other request keep their values).</summary>
    public CanActuationStatus Decode(uint id, bool extended, ReadOnlySpan<byte> data, ref CanActuation state)
    {
        Target? t = _steering is { } s && s.Message.Id == id && s.Message.IsExtended == extended ? s
            : _acceleration is { } a && a.Message.Id == id && a.Message.IsExtended == extended ? a
            : null;
        if (t is null)
        {
            return CanActuationStatus.NotActuation;
        }
        if (data.Length < t.Message.Length)
        {
            return CanActuationStatus.WrongLength;
        }
        data = data[..t.Message.Length];
        if (t.Checksum is { } crc && crc.ReadRaw(data) != CanChecksum.Crc8J1850(data, crc.StartBit / 8))
        {
            return CanActuationStatus.BadChecksum;
        }
        CanActuationStatus status = CanActuationStatus.Decoded;
        if (t.Counter is { } c)
        {
            ulong value = c.ReadRaw(data);
            ulong modulus = c.Length >= 64 ? 0 : 1UL << c.Length;
            if (t.LastCounter is { } last && value != (modulus == 0 ? last + 1 : (last + 1) % modulus))
            {
                status = CanActuationStatus.CounterJump;
            }
            t.LastCounter = value;
        }
        double v = t.Value.Decode(data);
        bool active = t.Active is null || t.Active.ReadRaw(data) != 0;
        if (t == _steering)
        {
            state.SteeringWheelAngleDeg = v;
            state.RoadWheelAngle = v / SteeringRatio * Math.PI / 180.0;
            state.SteeringActive = active;
        }
        else
        {
            state.Acceleration = v;
            state.AccelerationActive = active;
        }
        return status;
    }

    private static Target? Find(DbcDatabase dbc, string valueName, string activeName)
    {
        foreach (DbcMessage m in dbc.Messages)
        {
            if (m.Signal(valueName) is { } value)
            {
                DbcSignal? counter = m.Signals.FirstOrDefault(x => x.Name.EndsWith("_Counter", StringComparison.Ordinal));
                DbcSignal? checksum = m.Signals.FirstOrDefault(x => x.Name.EndsWith("_Checksum", StringComparison.Ordinal) && x.Length == 8 && x.StartBit % 8 == (x.ByteOrder == DbcByteOrder.Intel ? 0 : 7));
                return new Target(m, value, m.Signal(activeName), counter, checksum);
            }
        }
        return null;
    }
}
