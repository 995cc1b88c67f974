namespace SensorModels.Can;

/// <summary>The content of a DBC file: nodes, messages with their signals, value tables, attributes and comments.</summary>
public sealed class DbcDatabase
{
    private readonly Dictionary<uint, DbcMessage> _byId;

    internal DbcDatabase(string file, string version, IReadOnlyList<string> nodes, IReadOnlyList<DbcMessage> messages,
        IReadOnlyDictionary<string, IReadOnlyDictionary<long, string>> valueTables, IReadOnlyList<DbcAttributeDefinition> attributeDefinitions)
    {
        File = file;
        Version = version;
        Nodes = nodes;
        Messages = messages;
        ValueTables = valueTables;
        AttributeDefinitions = attributeDefinitions;
        _byId = new Dictionary<uint, DbcMessage>();
        foreach (DbcMessage m in messages)
        {
            _byId.TryAdd(m.DbcId, m);
        }
    }

    /// <summary>The file it was read from.</summary>
    public string File { get; }

    /// <summary>VERSION string.</summary>
    public string Version { get; }

    /// <summary>Nodes (BU_).</summary>
    public IReadOnlyList<string> Nodes { get; }

    /// <summary>Messages in file order.</summary>
    public IReadOnlyList<DbcMessage> Messages { get; }

    /// <summary>Named value tables (VAL_TABLE_).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<long, string>> ValueTables { get; }

    /// <summary>Attribute definitions (BA_DEF_) with defaults.</summary>
    public IReadOnlyList<DbcAttributeDefinition> AttributeDefinitions { get; }

    /// <summary>The file's general comment (CM_ "..."), if any.</summary>
    public string? Comment { get; internal set; }

    /// <summary>Node comments (CM_ BU_).</summary>
    public Dictionary<string, string> NodeComments { get; } = new(StringComparer.Ordinal);

    /// <summary>Database attributes (BA_ without an object).</summary>
    public Dictionary<string, DbcAttributeValue> Attributes { get; } = new(StringComparer.Ordinal);

    /// <summary>The message with a CAN id, or null.</summary>
    public DbcMessage? Message(uint id, bool extended) => _byId.GetValueOrDefault(extended ? id | 0x8000_0000u : id);

    /// <summary>The message with a name, or null.</summary>
    public DbcMessage? Message(string name) => Messages.FirstOrDefault(m => m.Name == name);
}
