namespace SensorModels.Can;

/// <summary>An inclusive range of multiplexor values for which a signal is present (SG_MUL_VAL_).</summary>
/// <param name="Low">First value.</param>
/// <param name="High">Last value.</param>
public readonly record struct DbcMultiplexRange(ulong Low, ulong High)
{
    /// <summary>True when <paramref name="value"/> lies in the range.</summary>
    public bool Contains(ulong value) => value >= Low && value <= High;
}
