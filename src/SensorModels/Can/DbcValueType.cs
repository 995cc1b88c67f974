namespace SensorModels.Can;

/// <summary>How a signal's raw bits are read (SIG_VALTYPE_).</summary>
public enum DbcValueType
{
    /// <summary>An integer, signed or unsigned (the default).</summary>
    Integer,

    /// <summary>SIG_VALTYPE_ 1: an IEEE 754 single (32 bits).</summary>
    Float32,

    /// <summary>SIG_VALTYPE_ 2: an IEEE 754 double (64 bits).</summary>
    Float64,
}
