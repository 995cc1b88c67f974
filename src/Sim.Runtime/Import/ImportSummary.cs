namespace Sim.Runtime.Import;

/// <summary>What an import read and wrote, for the console and the recording's "import" metadata.</summary>
public sealed class ImportSummary
{
    /// <summary>The recording written.</summary>
    public required string Output { get; init; }

    /// <summary>Bytes of input read.</summary>
    public long InputBytes { get; set; }

    /// <summary>Ticks written.</summary>
    public ulong Ticks { get; set; }

    /// <summary>Outputs written per stream.</summary>
    public IReadOnlyDictionary<string, long> Outputs { get; set; } = new Dictionary<string, long>();

    /// <summary>Facts worth printing, in order (name, value).</summary>
    public List<(string Name, string Value)> Facts { get; } = new();

    /// <summary>What was skipped or is suspicious, with where it is in the input.</summary>
    public List<string> Warnings { get; } = new();

    /// <summary>Where the input is damaged and reading stopped (the recording holds what came before), or null.</summary>
    public string? Damage { get; set; }

    /// <summary>The facts and damage as metadata values.</summary>
    public Dictionary<string, string> Metadata()
    {
        var m = Facts.ToDictionary(f => f.Name, f => f.Value);
        if (Damage is not null)
        {
            m["damaged"] = Damage;
        }
        if (Warnings.Count > 0)
        {
            m["warnings"] = string.Join("\n", Warnings);
        }
        return m;
    }
}
