using SimCore.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace SimCore.Scenarios.Yaml;

/// <summary>
/// Reads a YAML mapping key by key against its declared <see cref="YamlObject"/>: the table is the
/// schema. <see cref="Finish"/> reports any key the table does not declare as an error with the
/// closest declared key as a suggestion, so a typo is never silently ignored; a reader that asks
/// for a key its table lacks is a bug, thrown at once so that every test reading it fails (the
/// JSON Schema editors use is generated from the same tables).
/// </summary>
public sealed class MapReader
{
    private readonly YamlContext _ctx;
    private readonly YamlMappingNode _node;
    private YamlObject _shape;

    /// <summary>Reads <paramref name="node"/> of the file <paramref name="ctx"/> reads, checking its keys against <paramref name="shape"/>.</summary>
    public MapReader(YamlContext ctx, YamlMappingNode node, YamlObject shape)
    {
        _ctx = ctx;
        _node = node;
        _shape = shape;
    }

    /// <summary>The table the keys are checked against.</summary>
    public YamlObject Shape => _shape;

    /// <summary>Checks the keys against <paramref name="variant"/> from now on (a form chosen by a key already read: a world or a lane position).</summary>
    public void Use(YamlObject variant) => _shape = variant;

    /// <summary>The mapping.</summary>
    public YamlMappingNode Node => _node;

    /// <summary>Where the mapping starts.</summary>
    public SourceLocation Location => _ctx.Where(_node);

    /// <summary>The file's reading state (errors, parameters).</summary>
    public YamlContext Context => _ctx;

    /// <summary>The mapping's keys, as written.</summary>
    public IEnumerable<string> Keys => _node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty);

    /// <summary>Whether <paramref name="key"/> is there (it becomes a known key).</summary>
    public bool Has(string key)
    {
        Declared(key);
        return _node.Children.ContainsKey(new YamlScalarNode(key));
    }

    /// <summary>The value of <paramref name="key"/>, or null (it becomes a known key).</summary>
    public YamlNode? Get(string key)
    {
        Declared(key);
        return _node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? v) ? v : null;
    }

    private void Declared(string key)
    {
        if (!_shape.Has(key))
        {
            throw new InvalidOperationException($"the reader of '{_shape.Name}' reads key '{key}', which its table does not declare: add it there (the JSON Schema is generated from the table)");
        }
    }

    /// <summary>The value of <paramref name="key"/>, or null and the error "<paramref name="owner"/> needs 'key'".</summary>
    public YamlNode? Required(string key, string owner)
    {
        YamlNode? v = Get(key);
        if (v is null)
        {
            _ctx.Error(_node, $"{owner} needs '{key}'");
        }
        return v;
    }

    /// <summary>A number, or null when absent (an error when not a number).</summary>
    public double? Double(string key) => Get(key) is { } n ? _ctx.Double(n, $"'{key}'") : null;

    /// <summary>A number, or <paramref name="fallback"/> when absent.</summary>
    public double Double(string key, double fallback) => Double(key) ?? fallback;

    /// <summary>A number that must be there.</summary>
    public double? RequiredDouble(string key, string owner) => Required(key, owner) is { } n ? _ctx.Double(n, $"'{key}'") : null;

    /// <summary>A number that must be strictly positive (lengths, steps, durations).</summary>
    public double? Positive(string key)
    {
        YamlNode? n = Get(key);
        if (n is null)
        {
            return null;
        }
        double? d = _ctx.Double(n, $"'{key}'");
        if (d is { } v && v <= 0)
        {
            _ctx.Error(n, $"'{key}' must be greater than 0, not {v}");
            return null;
        }
        return d;
    }

    /// <summary>A number that must not be negative.</summary>
    public double? NonNegative(string key)
    {
        YamlNode? n = Get(key);
        if (n is null)
        {
            return null;
        }
        double? d = _ctx.Double(n, $"'{key}'");
        if (d is { } v && v < 0)
        {
            _ctx.Error(n, $"'{key}' must not be negative, not {v}");
            return null;
        }
        return d;
    }

    /// <summary>
    /// A number from <paramref name="min"/> to <paramref name="max"/> (a physical bound: a value
    /// beyond it is a typo, and would break the simulation that uses it), or null when absent.
    /// </summary>
    public double? InRange(string key, double min, double max)
    {
        YamlNode? n = Get(key);
        if (n is null)
        {
            return null;
        }
        double? d = _ctx.Double(n, $"'{key}'");
        if (d is { } v && !(v >= min && v <= max))
        {
            _ctx.Error(n, $"'{key}' must be from {min} to {max}, not {v}");
            return null;
        }
        return d;
    }

    /// <summary>An integer, or null when absent.</summary>
    public int? Int(string key) => Get(key) is { } n ? _ctx.Int(n, $"'{key}'") : null;

    /// <summary>true or false, or null when absent.</summary>
    public bool? Bool(string key) => Get(key) is { } n ? _ctx.Bool(n, $"'{key}'") : null;

    /// <summary>A single value's text (<c>$name</c> resolved), or null when absent.</summary>
    public string? String(string key) => Get(key) is { } n ? _ctx.Scalar(n, $"'{key}'") : null;

    /// <summary>A single value's text that must be there.</summary>
    public string? RequiredString(string key, string owner) => Required(key, owner) is { } n ? _ctx.Scalar(n, $"'{key}'") : null;

    /// <summary>One of <paramref name="words"/>, or null when absent (an error, with the allowed words, when another).</summary>
    public T? Enum<T>(string key, IReadOnlyDictionary<string, T> words) where T : struct
        => Get(key) is { } n ? _ctx.Enum(n, $"'{key}'", words) : null;

    /// <summary>The mapping under <paramref name="key"/>, read against the table its declaration gives.</summary>
    public MapReader? Map(string key) => Get(key) is { } n ? _ctx.Map(n, $"'{key}'", ObjectOf(_shape.Find(key)!.Shape) ?? throw new InvalidOperationException($"'{_shape.Name}.{key}' is not declared as a mapping")) : null;

    /// <summary>The mapping a shape describes (itself, or the one mapping among alternatives).</summary>
    public static YamlObject? ObjectOf(YamlShape shape) => shape switch
    {
        YamlObject o => o,
        YamlAnyOf a => a.Options.OfType<YamlObject>().SingleOrDefault(),
        _ => null,
    };

    /// <summary>The items of the list under <paramref name="key"/>, or none when absent.</summary>
    public IReadOnlyList<YamlNode> List(string key) => Get(key) is { } n ? _ctx.Sequence(n, $"'{key}'") : Array.Empty<YamlNode>();

    /// <summary>The node of the key itself (to point an error at it), or null.</summary>
    public YamlNode? KeyNode(string key)
        => _node.Children.Keys.FirstOrDefault(k => k is YamlScalarNode s && s.Value == key);

    /// <summary>Reports every key the table does not declare.</summary>
    public void Finish(string owner)
    {
        foreach (KeyValuePair<YamlNode, YamlNode> kv in _node.Children)
        {
            string key = (kv.Key as YamlScalarNode)?.Value ?? "?";
            if (!_shape.Has(key))
            {
                _ctx.Error(kv.Key, $"unknown key '{key}' in {owner}{Suggestions.Hint(key, _shape.Keys.Select(k => k.Name))}");
            }
        }
    }
}
