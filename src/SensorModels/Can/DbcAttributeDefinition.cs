namespace SensorModels.Can;

/// <summary>What kind of object an attribute applies to (the word after BA_DEF_).</summary>
public enum DbcObjectKind
{
    /// <summary>The database (no word).</summary>
    Network,
    /// <summary>BU_: a node.</summary>
    Node,
    /// <summary>BO_: a message.</summary>
    Message,
    /// <summary>SG_: a signal.</summary>
    Signal,
    /// <summary>EV_: an environment variable.</summary>
    EnvironmentVariable,
}

/// <summary>An attribute definition (BA_DEF_) with its default (BA_DEF_DEF_).</summary>
/// <param name="Name">Attribute name, e.g. GenMsgCycleTime.</param>
/// <param name="Kind">What it applies to.</param>
/// <param name="Type">INT, HEX, FLOAT, STRING or ENUM.</param>
/// <param name="Minimum">Minimum for numeric types (0 when not given).</param>
/// <param name="Maximum">Maximum for numeric types (0 when not given).</param>
/// <param name="EnumValues">Labels of an ENUM, by index.</param>
public sealed record DbcAttributeDefinition(string Name, DbcObjectKind Kind, string Type, double Minimum, double Maximum, IReadOnlyList<string> EnumValues)
{
    /// <summary>The default (BA_DEF_DEF_), if any.</summary>
    public DbcAttributeValue? Default { get; internal set; }

    /// <summary>The label of an ENUM value given as an index or as the label itself; other types give the value as text.</summary>
    public string Label(DbcAttributeValue v)
    {
        if (v.Text is not null)
        {
            return v.Text;
        }
        int i = (int)v.Number;
        return Type == "ENUM" && i >= 0 && i < EnumValues.Count ? EnumValues[i] : v.ToString();
    }
}
