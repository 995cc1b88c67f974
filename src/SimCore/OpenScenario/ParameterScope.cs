using SimCore.Storyboard;

namespace SimCore.OpenScenario;

/// <summary>
/// One level of OpenSCENARIO parameters (global, story, maneuver, catalog entry): a name maps to
/// its value text, already resolved. Lookups fall back to the enclosing scope, so an inner
/// declaration hides an outer one of the same name.
/// </summary>
internal sealed class ParameterScope(ParameterScope? parent)
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);
    private Dictionary<string, ScenarioValue>? _cells;

    public ParameterScope? Parent { get; } = parent;

    public IReadOnlyDictionary<string, string> Own => _values;

    public void Set(string name, string value, string type = "string")
    {
        _values[name] = value;
        _types[name] = type;
    }

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

    /// <summary>
    /// The run-time value of the parameter <paramref name="name"/> in the scope that declares it,
    /// so every action and condition naming it shares one; created (and added to
    /// <paramref name="created"/>) on first use. Null when undeclared.
    /// </summary>
    public ScenarioValue? Cell(string name, List<ScenarioValue> created)
    {
        for (ParameterScope? s = this; s is not null; s = s.Parent)
        {
            if (!s._values.TryGetValue(name, out string? v))
            {
                continue;
            }
            s._cells ??= new Dictionary<string, ScenarioValue>(StringComparer.Ordinal);
            if (!s._cells.TryGetValue(name, out ScenarioValue? cell))
            {
                cell = new ScenarioValue(name, ScenarioValueKind.Parameter, s._types[name], v);
                s._cells[name] = cell;
                created.Add(cell);
            }
            return cell;
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
