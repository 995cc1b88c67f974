namespace SimCore.OpenScenario;

/// <summary>
/// One level of OpenSCENARIO parameters (global, story, maneuver, catalog entry): a name maps to
/// its value text, already resolved. Lookups fall back to the enclosing scope, so an inner
/// declaration hides an outer one of the same name.
/// </summary>
internal sealed class ParameterScope(ParameterScope? parent)
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public ParameterScope? Parent { get; } = parent;

    public IReadOnlyDictionary<string, string> Own => _values;

    public void Set(string name, string value) => _values[name] = value;

    public bool Declares(string name) => _values.ContainsKey(name);

    /// <summary>The value of <paramref name="name"/> (without '$') here or in an enclosing scope; null when undeclared.</summary>
    public string? Lookup(string name)
    {
        for (ParameterScope? s = this; s is not null; s = s.Parent)
        {
            if (s._values.TryGetValue(name, out string? v))
            {
                return v;
            }
        }
        return null;
    }

    /// <summary>Every name visible from here, for suggestions.</summary>
    public IEnumerable<string> VisibleNames()
    {
        for (ParameterScope? s = this; s is not null; s = s.Parent)
        {
            foreach (string k in s._values.Keys)
            {
                yield return k;
            }
        }
    }
}
