namespace SimCore.Scenarios.Yaml;

/// <summary>
/// What a value of a YAML input format may be. Readers declare their keys in these shapes and check
/// every mapping against them (<see cref="MapReader"/>); <see cref="JsonSchemaWriter"/> writes the
/// same shapes as JSON Schema for editors. One table, two uses: a key a reader accepts is a key the
/// schema offers.
/// </summary>
public abstract class YamlShape
{
    /// <summary>What the value means, for people (schema descriptions, editor hovers).</summary>
    public string Description { get; init; } = "";
}

/// <summary>The kinds of scalar a YAML value may be.</summary>
public enum YamlScalarType
{
    /// <summary>Any number.</summary>
    Number,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>Text.</summary>
    String,

    /// <summary>true or false.</summary>
    Boolean,
}

/// <summary>A single value: a number with its unit and bounds, text (perhaps one of fixed words), or a flag.</summary>
public sealed class YamlScalar : YamlShape
{
    /// <summary>A scalar of <paramref name="type"/>.</summary>
    public YamlScalar(YamlScalarType type) => Type = type;

    /// <summary>Its kind.</summary>
    public YamlScalarType Type { get; }

    /// <summary>SI unit (m, s, m/s, rad...) or null.</summary>
    public string? Unit { get; init; }

    /// <summary>Least value allowed, or null.</summary>
    public double? Minimum { get; init; }

    /// <summary>Value it must exceed, or null.</summary>
    public double? ExclusiveMinimum { get; init; }

    /// <summary>Greatest value allowed, or null.</summary>
    public double? Maximum { get; init; }

    /// <summary>The words it must be one of, or null for any text.</summary>
    public IReadOnlyList<string>? Words { get; init; }

    /// <summary>A regular expression text must match, or null.</summary>
    public string? Pattern { get; init; }
}

/// <summary>A list of items of one shape.</summary>
public sealed class YamlList : YamlShape
{
    /// <summary>A list of <paramref name="item"/>.</summary>
    public YamlList(YamlShape item) => Item = item;

    /// <summary>Each item.</summary>
    public YamlShape Item { get; }

    /// <summary>Fewest items.</summary>
    public int MinItems { get; init; }
}

/// <summary>A mapping whose keys are names the user chooses (parameters, weights by type), all with values of one shape.</summary>
public sealed class YamlMap : YamlShape
{
    /// <summary>A mapping of free names to <paramref name="value"/>.</summary>
    public YamlMap(YamlShape value) => Value = value;

    /// <summary>Each value.</summary>
    public YamlShape Value { get; }
}

/// <summary>One of several shapes (a number or a mapping; a preset name or its parameters).</summary>
public sealed class YamlAnyOf : YamlShape
{
    /// <summary>Any of <paramref name="options"/>.</summary>
    public YamlAnyOf(params YamlShape[] options) => Options = options;

    /// <summary>The shapes accepted.</summary>
    public IReadOnlyList<YamlShape> Options { get; }
}

/// <summary>One key of a <see cref="YamlObject"/>.</summary>
/// <param name="Name">The key.</param>
/// <param name="Shape">Its value.</param>
/// <param name="Description">What it means (units are the shape's).</param>
/// <param name="Required">The mapping must have it.</param>
/// <param name="Default">The value taken when it is absent, as text, or null.</param>
public sealed record YamlKey(string Name, YamlShape Shape, string Description, bool Required = false, string? Default = null);

/// <summary>
/// A mapping with a fixed set of keys: a reader accepts these and reports any other as an error
/// with the closest of them as a suggestion.
/// </summary>
public sealed class YamlObject : YamlShape
{
    private readonly Dictionary<string, YamlKey> _byName;

    /// <summary>A mapping named <paramref name="name"/> (unique within a format) with <paramref name="keys"/>.</summary>
    public YamlObject(string name, string description, params YamlKey[] keys)
    {
        Name = name;
        Description = description;
        Keys = keys;
        _byName = new Dictionary<string, YamlKey>(StringComparer.Ordinal);
        foreach (YamlKey k in keys)
        {
            if (!_byName.TryAdd(k.Name, k))
            {
                throw new ArgumentException($"key '{k.Name}' is declared twice in '{name}'", nameof(keys));
            }
        }
    }

    /// <summary>Name of the mapping (a definition name in the schema).</summary>
    public string Name { get; }

    /// <summary>Its keys, in documentation order.</summary>
    public IReadOnlyList<YamlKey> Keys { get; }

    /// <summary>Keys of which exactly one must be present (the type keys of a condition or action), or null.</summary>
    public IReadOnlyList<string>? ExactlyOne { get; init; }

    /// <summary>True when <paramref name="key"/> is declared.</summary>
    public bool Has(string key) => _byName.ContainsKey(key);

    /// <summary>The declaration of <paramref name="key"/>, or null.</summary>
    public YamlKey? Find(string key) => _byName.GetValueOrDefault(key);

    /// <summary>This mapping with more keys (a sensor's common keys and those of its type).</summary>
    public YamlObject With(string name, string description, params YamlKey[] more) => new(name, description, [.. Keys, .. more]) { ExactlyOne = ExactlyOne };
}

/// <summary>Short constructors for the shape tables.</summary>
public static class Y
{
    /// <summary>A number (in <paramref name="unit"/>).</summary>
    public static YamlScalar Number(string? unit = null, double? min = null, double? above = null, double? max = null)
        => new(YamlScalarType.Number) { Unit = unit, Minimum = min, ExclusiveMinimum = above, Maximum = max };

    /// <summary>A number greater than 0.</summary>
    public static YamlScalar Positive(string? unit = null) => Number(unit, above: 0);

    /// <summary>A number of at least 0.</summary>
    public static YamlScalar NonNegative(string? unit = null) => Number(unit, min: 0);

    /// <summary>A whole number.</summary>
    public static YamlScalar Integer(double? min = null, double? max = null) => new(YamlScalarType.Integer) { Minimum = min, Maximum = max };

    /// <summary>Text.</summary>
    public static YamlScalar Text(string? pattern = null) => new(YamlScalarType.String) { Pattern = pattern };

    /// <summary>true or false.</summary>
    public static YamlScalar Flag() => new(YamlScalarType.Boolean);

    /// <summary>One of <paramref name="words"/>.</summary>
    public static YamlScalar Word(IEnumerable<string> words) => new(YamlScalarType.String) { Words = words.ToArray() };

    /// <summary>A list of <paramref name="item"/>.</summary>
    public static YamlList List(YamlShape item, int minItems = 0) => new(item) { MinItems = minItems };

    /// <summary>Any of <paramref name="options"/>.</summary>
    public static YamlAnyOf AnyOf(params YamlShape[] options) => new(options);

    /// <summary>A mapping of free names to <paramref name="value"/>.</summary>
    public static YamlMap MapOf(YamlShape value) => new(value);

    /// <summary>An optional key.</summary>
    public static YamlKey Key(string name, YamlShape shape, string description, string? @default = null) => new(name, shape, description, false, @default);

    /// <summary>A key the mapping must have.</summary>
    public static YamlKey Required(string name, YamlShape shape, string description) => new(name, shape, description, true);
}
