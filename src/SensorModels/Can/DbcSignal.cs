using SimCore.Diagnostics;

namespace SensorModels.Can;

/// <summary>
/// A signal of a DBC message (SG_): where its bits are, how raw values map to physical ones
/// (physical = raw x factor + offset) and when it is present in a multiplexed message.
/// </summary>
public sealed class DbcSignal
{
    internal DbcSignal(string name, int startBit, int length, DbcByteOrder byteOrder, bool isSigned,
        double factor, double offset, double minimum, double maximum, string unit, IReadOnlyList<string> receivers, SourceLocation where)
    {
        Name = name;
        StartBit = startBit;
        Length = length;
        ByteOrder = byteOrder;
        IsSigned = isSigned;
        Factor = factor;
        Offset = offset;
        Minimum = minimum;
        Maximum = maximum;
        Unit = unit;
        Receivers = receivers;
        Where = where;
        _rawMin = isSigned ? -Math.Pow(2, length - 1) : 0;
        _rawMax = isSigned ? Math.Pow(2, length - 1) - 1 : Math.Pow(2, length) - 1;
    }

    private readonly double _rawMin, _rawMax;

    /// <summary>Signal name, unique within its message.</summary>
    public string Name { get; }

    /// <summary>Start bit as the DBC gives it (Intel: least significant bit; Motorola: most significant bit).</summary>
    public int StartBit { get; }

    /// <summary>Length in bits (1 to 64).</summary>
    public int Length { get; }

    /// <summary>Byte order.</summary>
    public DbcByteOrder ByteOrder { get; }

    /// <summary>True for a two's complement signal ('-').</summary>
    public bool IsSigned { get; }

    /// <summary>Integer or IEEE float (SIG_VALTYPE_).</summary>
    public DbcValueType ValueType { get; internal set; }

    /// <summary>Physical units per raw count.</summary>
    public double Factor { get; }

    /// <summary>Physical value of raw 0.</summary>
    public double Offset { get; }

    /// <summary>Smallest physical value (with <see cref="Maximum"/>: both 0 means no range given).</summary>
    public double Minimum { get; }

    /// <summary>Largest physical value.</summary>
    public double Maximum { get; }

    /// <summary>True when [min|max] is not [0|0], which DBC files use for "no range".</summary>
    public bool HasRange => Minimum != 0 || Maximum != 0;

    /// <summary>Unit text.</summary>
    public string Unit { get; }

    /// <summary>Receiving nodes.</summary>
    public IReadOnlyList<string> Receivers { get; }

    /// <summary>True for a multiplexor switch ('M', or the 'M' of 'mNM').</summary>
    public bool IsMultiplexor { get; internal set; }

    /// <summary>The N of 'mN': the switch value for which this signal is present; null when not multiplexed.</summary>
    public ulong? MultiplexValue { get; internal set; }

    /// <summary>The switch that selects this signal (resolved after reading); null when always present.</summary>
    public DbcSignal? Multiplexor { get; internal set; }

    /// <summary>Extended multiplexing (SG_MUL_VAL_): the switch values for which this signal is present; empty for simple multiplexing.</summary>
    public IReadOnlyList<DbcMultiplexRange> MultiplexRanges { get; internal set; } = Array.Empty<DbcMultiplexRange>();

    /// <summary>Value descriptions (VAL_): raw value to text.</summary>
    public IReadOnlyDictionary<long, string> ValueDescriptions { get; internal set; } = new Dictionary<long, string>();

    /// <summary>Comment (CM_ SG_), if any.</summary>
    public string? Comment { get; internal set; }

    /// <summary>Attributes set on the signal (BA_ ... SG_).</summary>
    public Dictionary<string, DbcAttributeValue> Attributes { get; } = new(StringComparer.Ordinal);

    /// <summary>Where the signal is declared.</summary>
    public SourceLocation Where { get; }

    /// <summary>Bytes of the frame the signal reaches into (its extent).</summary>
    public int BytesNeeded => CanBits.BytesNeeded(StartBit, Length, ByteOrder);

    private ulong Mask => Length == 64 ? ulong.MaxValue : (1UL << Length) - 1;

    /// <summary>Reads the raw bits (unsigned, not sign-extended).</summary>
    public ulong ReadRaw(ReadOnlySpan<byte> data) => CanBits.Read(data, StartBit, Length, ByteOrder);

    /// <summary>Writes raw bits; bits outside the signal keep their values.</summary>
    public void WriteRaw(Span<byte> data, ulong raw) => CanBits.Write(data, StartBit, Length, ByteOrder, raw & Mask);

    /// <summary>The physical value of raw bits.</summary>
    public double ToPhysical(ulong raw)
    {
        raw &= Mask;
        double value = ValueType switch
        {
            DbcValueType.Float32 => BitConverter.UInt32BitsToSingle((uint)raw),
            DbcValueType.Float64 => BitConverter.UInt64BitsToDouble(raw),
            _ when IsSigned => (long)(raw << (64 - Length)) >> (64 - Length),
            _ => raw,
        };
        return value * Factor + Offset;
    }

    /// <summary>
    /// The raw bits for a physical value: limited to [min, max] when the signal has a range,
    /// rounded to the nearest count (halves away from zero) and limited to what the bits can
    /// hold, as an ECU saturates a value. <paramref name="limited"/> tells whether any limit
    /// applied (NaN gives raw 0, limited).
    /// </summary>
    public ulong ToRaw(double physical, out bool limited)
    {
        limited = false;
        if (double.IsNaN(physical))
        {
            limited = true;
            return 0;
        }
        if (HasRange)
        {
            double lo = Math.Min(Minimum, Maximum), hi = Math.Max(Minimum, Maximum);
            if (physical < lo || physical > hi)
            {
                physical = Math.Clamp(physical, lo, hi);
                limited = true;
            }
        }
        double scaled = (physical - Offset) / Factor;
        if (ValueType == DbcValueType.Float32)
        {
            return BitConverter.SingleToUInt32Bits((float)scaled);
        }
        if (ValueType == DbcValueType.Float64)
        {
            return BitConverter.DoubleToUInt64Bits(scaled);
        }
        double r = Math.Round(scaled, MidpointRounding.AwayFromZero);
        if (r < _rawMin || r > _rawMax)
        {
            r = Math.Clamp(r, _rawMin, _rawMax);
            limited = true;
        }
        // Conversions to integers saturate, so 2^64 - 1 (not representable as a double) gives ulong.MaxValue.
        return IsSigned ? (ulong)(long)r & Mask : (ulong)r;
    }

    /// <summary>Decodes the physical value from a frame (whether or not the signal is active).</summary>
    public double Decode(ReadOnlySpan<byte> data) => ToPhysical(ReadRaw(data));

    /// <summary>Encodes a physical value into a frame; returns false when it had to be limited.</summary>
    public bool Encode(Span<byte> data, double physical)
    {
        WriteRaw(data, ToRaw(physical, out bool limited));
        return !limited;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
