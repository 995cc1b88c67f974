using System.Globalization;

namespace SensorModels.Can;

/// <summary>The value of a DBC attribute (BA_, BA_DEF_DEF_): a number, or a string when <see cref="Text"/> is set.</summary>
/// <param name="Number">The number (0 for a string).</param>
/// <param name="Text">The string, null for a number.</param>
public readonly record struct DbcAttributeValue(double Number, string? Text)
{
    /// <inheritdoc />
    public override string ToString() => Text is null ? Number.ToString(CultureInfo.InvariantCulture) : $"\"{Text}\"";
}
