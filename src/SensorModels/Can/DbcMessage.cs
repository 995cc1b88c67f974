using SimCore.Diagnostics;

namespace SensorModels.Can;

/// <summary>A message of a DBC file (BO_): identifier, length, sender and signals.</summary>
public sealed class DbcMessage
{
    private readonly List<DbcSignal> _signals = new();
    private int[] _encodeOrder = Array.Empty<int>();

    internal DbcMessage(uint id, bool isExtended, string name, int length, string transmitter, SourceLocation where)
    {
        Id = id;
        IsExtended = isExtended;
        Name = name;
        Length = length;
        Transmitter = transmitter;
        Where = where;
    }

    /// <summary>CAN identifier (11 or 29 bits, without the DBC's extended flag).</summary>
    public uint Id { get; }

    /// <summary>True for a 29-bit identifier (bit 31 set in the DBC's id).</summary>
    public bool IsExtended { get; }

    /// <summary>The id as the DBC writes it: bit 31 set for an extended id.</summary>
    public uint DbcId => IsExtended ? Id | 0x8000_0000u : Id;

    /// <summary>Message name.</summary>
    public string Name { get; }

    /// <summary>Payload length in bytes (0 to 8, or up to 64 for CAN FD).</summary>
    public int Length { get; }

    /// <summary>Sending node (Vector__XXX when none).</summary>
    public string Transmitter { get; }

    /// <summary>True for a CAN FD frame: VFrameFormat says so, or the payload is longer than 8 bytes.</summary>
    public bool IsFd { get; internal set; }

    /// <summary>Cycle time in ms (GenMsgCycleTime or its default); 0 when the message is not cyclic.</summary>
    public double CycleTimeMs { get; internal set; }

    /// <summary>Comment (CM_ BO_), if any.</summary>
    public string? Comment { get; internal set; }

    /// <summary>Attributes set on the message (BA_ ... BO_).</summary>
    public Dictionary<string, DbcAttributeValue> Attributes { get; } = new(StringComparer.Ordinal);

    /// <summary>Where the message is declared.</summary>
    public SourceLocation Where { get; }

    /// <summary>Signals in file order.</summary>
    public IReadOnlyList<DbcSignal> Signals => _signals;

    internal List<DbcSignal> SignalList => _signals;

    /// <summary>The signal with this name, or null.</summary>
    public DbcSignal? Signal(string name)
    {
        foreach (DbcSignal s in _signals)
        {
            if (s.Name == name)
            {
                return s;
            }
        }
        return null;
    }

    /// <summary>Index of a signal in <see cref="Signals"/>, -1 when absent.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < _signals.Count; i++)
        {
            if (_signals[i].Name == name)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// True when <paramref name="signal"/> is present in <paramref name="data"/>: it is not
    /// multiplexed, or its switch is present and holds one of its values.
    /// </summary>
    public static bool IsActive(DbcSignal signal, ReadOnlySpan<byte> data)
    {
        for (DbcSignal s = signal; s.Multiplexor is { } mux; s = mux)
        {
            ulong value = mux.ReadRaw(data);
            if (s.MultiplexRanges.Count > 0)
            {
                bool any = false;
                foreach (DbcMultiplexRange r in s.MultiplexRanges)
                {
                    any |= r.Contains(value);
                }
                if (!any)
                {
                    return false;
                }
            }
            else if (s.MultiplexValue != value)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Builds the frame from physical values (one per signal, in <see cref="Signals"/> order):
    /// clears the payload, writes the multiplexor switches first and then only the signals
    /// their values select. Returns false when some value had to be limited to its range.
    /// </summary>
    public bool Encode(Span<byte> data, ReadOnlySpan<double> values)
    {
        if (values.Length < _signals.Count || data.Length < Length)
        {
            throw new ArgumentException($"message {Name} needs {_signals.Count} values and {Length} bytes");
        }
        data[..Length].Clear();
        bool ok = true;
        foreach (int i in _encodeOrder)
        {
            DbcSignal s = _signals[i];
            if (s.BytesNeeded <= Length && IsActive(s, data))
            {
                ok &= s.Encode(data, values[i]);
            }
        }
        return ok;
    }

    /// <summary>
    /// Decodes every signal's physical value: NaN for a signal its multiplexor does not select or
    /// that reaches beyond <paramref name="data"/> (a short frame, or a signal beyond the message).
    /// </summary>
    public void Decode(ReadOnlySpan<byte> data, Span<double> values)
    {
        for (int i = 0; i < _signals.Count; i++)
        {
            DbcSignal s = _signals[i];
            values[i] = Readable(s, data) && IsActive(s, data) ? s.Decode(data) : double.NaN;
        }
    }

    /// <summary>True when the signal and its switches lie within <paramref name="data"/>.</summary>
    private static bool Readable(DbcSignal signal, ReadOnlySpan<byte> data)
    {
        for (DbcSignal? s = signal; s is not null; s = s.Multiplexor)
        {
            if (s.BytesNeeded > data.Length)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Orders the signals so that every switch comes before the signals it selects.</summary>
    internal void Seal()
    {
        static int Depth(DbcSignal s)
        {
            int d = 0;
            for (DbcSignal? m = s.Multiplexor; m is not null && d <= 64; m = m.Multiplexor)
            {
                d++;
            }
            return d;
        }
        _encodeOrder = Enumerable.Range(0, _signals.Count).OrderBy(i => Depth(_signals[i])).ThenBy(i => i).ToArray();
    }

    /// <inheritdoc />
    public override string ToString() => $"0x{Id:X} {Name}";
}
