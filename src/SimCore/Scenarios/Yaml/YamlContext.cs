using System.Globalization;
using SimCore.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SimCore.Scenarios.Yaml;

/// <summary>
/// State shared while reading one YAML file: its path, the collected errors and the parameter
/// table that <c>$name</c> references resolve against. Scenarios, sensor rigs and model specs are
/// read with it, so every one of their errors names file, line and column the same way.
/// </summary>
public sealed class YamlContext
{
    /// <summary>Reads <paramref name="file"/>, adding every problem to <paramref name="errors"/>.</summary>
    public YamlContext(string file, List<InputError> errors, IReadOnlyDictionary<string, ParameterValue>? parameters = null)
    {
        File = file;
        Errors = errors;
        Parameters = parameters ?? new Dictionary<string, ParameterValue>();
    }

    /// <summary>The file read (errors name it).</summary>
    public string File { get; }

    /// <summary>Every problem found so far.</summary>
    public List<InputError> Errors { get; }

    /// <summary>What <c>$name</c> values resolve to.</summary>
    public IReadOnlyDictionary<string, ParameterValue> Parameters { get; set; }

    /// <summary>Where <paramref name="node"/> starts in the file.</summary>
    public SourceLocation Where(YamlNode node) => new(File, (int)node.Start.Line, (int)node.Start.Column);

    /// <summary>An error at <paramref name="node"/>.</summary>
    public void Error(YamlNode node, string message) => Errors.Add(new InputError(Where(node), message));

    /// <summary>An error at <paramref name="where"/>.</summary>
    public void Error(SourceLocation where, string message) => Errors.Add(new InputError(where, message));

    /// <summary>
    /// Parses YAML text into its root node, reporting syntax errors with their position. Every
    /// YAML input (scenario, road, rig, model spec, sweep, generation spec) is read here, with
    /// nesting bounded by <see cref="InputFiles.MaxDepth"/>.
    /// </summary>
    public static YamlNode? LoadRoot(string path, string text, List<InputError> errors)
    {
        var stream = new YamlStream();
        var parser = new DepthLimitedParser(new Parser(new StringReader(text)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            errors.Add(new InputError(new SourceLocation(path, (int)e.Start.Line, (int)e.Start.Column), "YAML syntax: " + e.Message));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet reports some broken constructs this way, without a position (an unclosed '{'
            // that runs off the end of the file, a key where a value belongs): the last event read is
            // where the parser was.
            Mark at = parser.Current?.Start ?? Mark.Empty;
            (int line, int column) = at.Line > 0 ? ((int)at.Line, (int)at.Column) : (text.Split('\n').Length, 1);
            errors.Add(new InputError(new SourceLocation(path, line, column), $"YAML syntax: a construct left open or out of place (a '{{' or '[' without its closing bracket?): {e.Message}"));
            return null;
        }
        if (stream.Documents.Count == 0)
        {
            errors.Add(new InputError(new SourceLocation(path, 1, 1), "the file is empty"));
            return null;
        }
        return stream.Documents[0].RootNode;
    }

    /// <summary>A reader of <paramref name="node"/> against <paramref name="shape"/>, or null (and an error) when it is not a mapping.</summary>
    public MapReader? Map(YamlNode node, string what, YamlObject shape)
    {
        if (node is YamlMappingNode m)
        {
            return new MapReader(this, m, shape);
        }
        Error(node, $"{what} must be a mapping (key: value pairs)");
        return null;
    }

    /// <summary>The items of <paramref name="node"/> as a list, or none (and an error) when it is not one.</summary>
    public IReadOnlyList<YamlNode> Sequence(YamlNode node, string what)
    {
        if (node is YamlSequenceNode s)
        {
            return s.Children.ToList();
        }
        Error(node, $"{what} must be a list");
        return Array.Empty<YamlNode>();
    }

    /// <summary>The scalar text of a node with <c>$parameter</c> references resolved.</summary>
    public string? Scalar(YamlNode node, string what)
    {
        if (node is not YamlScalarNode s || s.Value is null)
        {
            Error(node, $"{what} must be a single value");
            return null;
        }
        string v = s.Value;
        if (s.Style == ScalarStyle.Plain && v.Length > 1 && v[0] == '$')
        {
            string name = v.Substring(1);
            if (Parameters.TryGetValue(name, out ParameterValue? p))
            {
                return p.Text;
            }
            Error(node, $"unknown parameter '${name}'{Suggestions.Hint(name, Parameters.Keys)}");
            return null;
        }
        return v;
    }

    /// <summary>A finite number, or null (and an error) when the value is not one.</summary>
    public double? Double(YamlNode node, string what)
    {
        string? text = Scalar(node, what);
        if (text is null)
        {
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))
        {
            return d;
        }
        Error(node, $"{what} must be a number, not '{text}'");
        return null;
    }

    /// <summary>An integer, or null (and an error) when the value is not one.</summary>
    public int? Int(YamlNode node, string what)
    {
        string? text = Scalar(node, what);
        if (text is null)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i))
        {
            return i;
        }
        Error(node, $"{what} must be an integer, not '{text}'");
        return null;
    }

    /// <summary>true/false (also True, yes, on / False, no, off), or null (and an error).</summary>
    public bool? Bool(YamlNode node, string what)
    {
        string? text = Scalar(node, what);
        switch (text)
        {
            case null:
                return null;
            case "true" or "True" or "yes" or "on":
                return true;
            case "false" or "False" or "no" or "off":
                return false;
            default:
                Error(node, $"{what} must be true or false, not '{text}'");
                return null;
        }
    }

    /// <summary>Reads one of a fixed set of words, reporting the allowed ones on a miss.</summary>
    public T? Enum<T>(YamlNode node, string what, IReadOnlyDictionary<string, T> words) where T : struct
    {
        string? text = Scalar(node, what);
        if (text is null)
        {
            return null;
        }
        if (words.TryGetValue(text, out T value))
        {
            return value;
        }
        Error(node, $"{what} '{text}' is not one of: {string.Join(", ", words.Keys)}{Suggestions.Hint(text, words.Keys)}");
        return null;
    }

    /// <summary>Reads one of a fixed set of words naming objects.</summary>
    public T? Choice<T>(YamlNode node, string what, IReadOnlyDictionary<string, T> words) where T : class
    {
        string? text = Scalar(node, what);
        if (text is null)
        {
            return null;
        }
        if (words.TryGetValue(text, out T? value))
        {
            return value;
        }
        Error(node, $"{what} '{text}' is not one of: {string.Join(", ", words.Keys)}{Suggestions.Hint(text, words.Keys)}");
        return null;
    }
}
