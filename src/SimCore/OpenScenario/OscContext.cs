using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using SimCore.Diagnostics;
using SimCore.Scenarios.Yaml;

namespace SimCore.OpenScenario;

/// <summary>Marks an XML document with the file it was read from, so catalog entries report their own file.</summary>
internal sealed record XoscFile(string Path);

/// <summary>
/// State shared while reading one scenario: errors, warnings, strictness, and attribute access
/// that resolves <c>$parameter</c> references and <c>${expression}</c>s in the given scope.
/// </summary>
internal sealed class OscContext(string mainFile, bool strict, List<InputError> errors, List<InputError> warnings)
{
    private readonly HashSet<(string, int, int)> _warnedAt = new();

    public string MainFile { get; } = mainFile;

    public bool Strict { get; } = strict;

    public List<InputError> Errors { get; } = errors;

    public List<InputError> Warnings { get; } = warnings;

    public static XDocument LoadXml(string path) => LoadXml(path, out _);

    /// <summary>
    /// Loads an XML file. esmini's own files declare <c>&lt;?xml version="1.3"?&gt;</c> (the
    /// OpenSCENARIO version, not an XML one), which XML readers refuse and esmini's ignores; such a
    /// file is read as XML 1.0 and <paramref name="note"/> says so (null otherwise).
    /// </summary>
    /// <exception cref="XmlException">The file is not well-formed XML.</exception>
    /// <exception cref="InputException">The file cannot be read (missing, a directory, too large).</exception>
    public static XDocument LoadXml(string path, out string? note)
    {
        XDocument doc = ReadXml(path, reader => XDocument.Load(reader, LoadOptions.SetLineInfo), out note);
        doc.AddAnnotation(new XoscFile(path));
        return doc;
    }

    /// <summary>
    /// Reads the XML file <paramref name="path"/> with <paramref name="read"/>, given a bounded
    /// reader over it (see <see cref="InputFiles.ParseXml(string, string)"/>), and disposes that
    /// reader; a declaration of version "1.3" is handled as <see cref="LoadXml(string, out string?)"/> says.
    /// </summary>
    /// <exception cref="XmlException">The file is not well-formed XML.</exception>
    /// <exception cref="InputException">The file cannot be read (missing, a directory, too large).</exception>
    public static T ReadXml<T>(string path, Func<XmlReader, T> read, out string? note)
    {
        note = null;
        byte[] bytes = InputFiles.ReadBytes(path, "OpenSCENARIO", InputFiles.MaxTextBytes);
        string? text = null;
        try
        {
            using XmlReader reader = InputFiles.OpenXml(bytes, path);
            return read(reader);
        }
        catch (XmlException) when (XmlDeclarationVersion(text = InputFiles.Decode(bytes)) is { } version && version is not ("1.0" or "1.1"))
        {
            int at = text.IndexOf(version, StringComparison.Ordinal);
            note = $"the XML declaration gives version \"{version}\", which is not an XML version (1.0 or 1.1); the file is read as XML 1.0";
            using XmlReader reader = InputFiles.OpenXml(text[..at] + "1.0" + text[(at + version.Length)..], path);
            return read(reader);
        }
    }

    /// <summary>The version of the file's XML declaration, or null when it has none.</summary>
    private static string? XmlDeclarationVersion(string text)
    {
        System.Text.RegularExpressions.Match m = System.Text.RegularExpressions.Regex.Match(
            text[..Math.Min(text.Length, 256)], "^\\s*<\\?xml\\s+version\\s*=\\s*[\"']([^\"']*)[\"']");
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>Reads an .xosc document with line information; a missing file or bad XML is an <see cref="InputException"/> at its place.</summary>
    public static XDocument LoadDocument(string path) => LoadDocument(path, out _);

    /// <inheritdoc cref="LoadDocument(string)"/>
    /// <param name="path">The file.</param>
    /// <param name="note">As <see cref="LoadXml(string, out string?)"/> gives it.</param>
    public static XDocument LoadDocument(string path, out string? note)
    {
        try
        {
            return LoadXml(path, out note);
        }
        catch (XmlException e)
        {
            throw new InputException(new SourceLocation(path, e.LineNumber, e.LinePosition), $"XML syntax: {e.Message}");
        }
    }

    /// <summary>The children of <paramref name="parent"/> named <paramref name="name"/>; any other child is an error.</summary>
    public IEnumerable<XElement> Only(XElement parent, string name)
    {
        foreach (XElement c in parent.Elements())
        {
            if (c.Name.LocalName == name)
            {
                yield return c;
            }
            else
            {
                Error(c, $"<{parent.Name.LocalName}> holds <{name}>s, not <{c.Name.LocalName}>");
            }
        }
    }

    public SourceLocation Where(XObject? node)
    {
        string file = node?.Document?.Annotation<XoscFile>()?.Path ?? MainFile;
        if (node is IXmlLineInfo li && li.HasLineInfo())
        {
            return new SourceLocation(file, li.LineNumber, li.LinePosition);
        }
        return new SourceLocation(file, 0, 0);
    }

    public void Error(XObject? node, string message) => Errors.Add(new InputError(Where(node), message));

    public void Warn(XObject? node, string message)
    {
        SourceLocation w = Where(node);
        // A catalog entry used several times would repeat its warnings; one per place is enough.
        if (_warnedAt.Add((w.File + message, w.Line, w.Column)))
        {
            Warnings.Add(InputError.Warning(w, message));
        }
    }

    /// <summary>As <see cref="Tolerated(XObject?, string)"/>, at a place that is no XML node (a file's declaration).</summary>
    public void Tolerated(SourceLocation where, string message)
    {
        if (Strict)
        {
            Errors.Add(new InputError(where, message + " (--strict)"));
        }
        else if (_warnedAt.Add((where.File + message, where.Line, where.Column)))
        {
            Warnings.Add(InputError.Warning(where, message));
        }
    }

    /// <summary>An element this reader does not play: a warning, or an error with --strict.</summary>
    public void Unsupported(XElement el, string? what = null)
    {
        string message = $"<{el.Name.LocalName}> is not supported{(what is null ? string.Empty : ": " + what)}; it is ignored";
        if (Strict)
        {
            Error(el, message.Replace("; it is ignored", " (--strict)", StringComparison.Ordinal));
        }
        else
        {
            Warn(el, message);
        }
    }

    /// <summary>
    /// Input that breaks the standard but that esmini reads (a capitalised boolean, an entity
    /// placed relative to a later one): read the way esmini does, with a warning; an error with --strict.
    /// </summary>
    public void Tolerated(XObject? node, string message)
    {
        if (Strict)
        {
            Error(node, message + " (--strict)");
        }
        else
        {
            Warn(node, message);
        }
    }

    /// <summary>Resolves a raw attribute text: <c>$name</c> and <c>${expression}</c>; null after reporting an error.</summary>
    public string? Resolve(XObject where, string raw, ParameterScope scope)
    {
        string text = raw.Trim();
        if (text.StartsWith("${", StringComparison.Ordinal) && text.EndsWith('}'))
        {
            try
            {
                string v = OscExpression.Evaluate(text[2..^1], scope.Lookup, out bool concatenated);
                if (concatenated)
                {
                    Warn(where, $"'{text}' joins text with '+', which OpenSCENARIO expressions do not define; read as '{v}' as esmini does");
                }
                return v;
            }
            catch (OscExpression.ExpressionException e)
            {
                string hint = UnknownParameterHint(e.Message, scope);
                Error(where, $"bad expression: {e.Message}{hint}");
                return null;
            }
        }
        if (text.StartsWith('$') && text.Length > 1)
        {
            string name = text[1..];
            string? v = scope.Lookup(name);
            if (v is null)
            {
                Error(where, $"unknown parameter '${name}'{Suggestions.Hint(name, scope.VisibleNames())}");
            }
            return v;
        }
        return raw;
    }

    private static string UnknownParameterHint(string message, ParameterScope scope)
    {
        const string marker = "unknown parameter '$";
        int i = message.IndexOf(marker, StringComparison.Ordinal);
        if (i < 0)
        {
            return string.Empty;
        }
        int start = i + marker.Length;
        int end = message.IndexOf('\'', start);
        return end < 0 ? string.Empty : Suggestions.Hint(message[start..end], scope.VisibleNames());
    }

    public string? Str(XElement el, string name, ParameterScope scope)
    {
        XAttribute? a = el.Attribute(name);
        return a is null ? null : Resolve(a, a.Value, scope);
    }

    public string? RequiredStr(XElement el, string name, ParameterScope scope)
    {
        XAttribute? a = el.Attribute(name);
        if (a is null)
        {
            Error(el, $"<{el.Name.LocalName}> needs attribute '{name}'");
            return null;
        }
        return Resolve(a, a.Value, scope);
    }

    public double? Num(XElement el, string name, ParameterScope scope)
    {
        XAttribute? a = el.Attribute(name);
        if (a is null)
        {
            return null;
        }
        string? text = Resolve(a, a.Value, scope);
        if (text is null)
        {
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
        {
            return v;
        }
        Error(a, $"'{name}' of <{el.Name.LocalName}> must be a number, not '{text}'");
        return null;
    }

    public double RequiredNum(XElement el, string name, ParameterScope scope, double fallback = 0)
    {
        if (el.Attribute(name) is null)
        {
            Error(el, $"<{el.Name.LocalName}> needs attribute '{name}'");
            return fallback;
        }
        return Num(el, name, scope) ?? fallback;
    }

    public bool? Bool(XElement el, string name, ParameterScope scope)
    {
        string? text = Str(el, name, scope);
        return text?.Trim() switch
        {
            null => null,
            "true" or "1" => true,
            "false" or "0" => false,
            { } t when t.Equals("true", StringComparison.OrdinalIgnoreCase) => LooseBool(el, name, t, true),
            { } t when t.Equals("false", StringComparison.OrdinalIgnoreCase) => LooseBool(el, name, t, false),
            _ => BadBool(el, name, text),
        };
    }

    private bool? LooseBool(XElement el, string name, string text, bool value)
    {
        Tolerated(el.Attribute(name), $"'{name}' of <{el.Name.LocalName}> is '{text}': booleans are written true or false; read as {(value ? "true" : "false")} as esmini does");
        return value;
    }

    private bool? BadBool(XElement el, string name, string text)
    {
        Error(el.Attribute(name), $"'{name}' of <{el.Name.LocalName}> must be true or false, not '{text}'");
        return null;
    }

    /// <summary>Reads an enumeration attribute; unknown words are errors with a suggestion.</summary>
    public T? Enum<T>(XElement el, string name, ParameterScope scope, IReadOnlyDictionary<string, T> words) where T : struct
    {
        string? text = Str(el, name, scope);
        if (text is null)
        {
            return null;
        }
        if (words.TryGetValue(text.Trim(), out T v))
        {
            return v;
        }
        Error(el.Attribute(name), $"'{text}' is not a valid '{name}' of <{el.Name.LocalName}>: use {string.Join(", ", words.Keys)}{Suggestions.Hint(text, words.Keys)}");
        return null;
    }

    public static XElement? Child(XElement el, string name) => el.Element(name);

    public static IEnumerable<XElement> Children(XElement el, string name) => el.Elements(name);

    /// <summary>The one element child (choice types such as Position or PrivateAction).</summary>
    public XElement? Choice(XElement el)
    {
        XElement? first = el.Elements().FirstOrDefault();
        if (first is null)
        {
            Error(el, $"<{el.Name.LocalName}> is empty");
        }
        return first;
    }
}
