using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using SimCore.Diagnostics;

namespace SimCore.OpenDrive;

/// <summary>
/// State of one OpenDRIVE read: the file name, the errors and warnings found so far, and typed
/// attribute access that records an error (with the element's line) instead of throwing, so one
/// read reports every problem of a file.
/// </summary>
internal sealed class XodrContext
{
    private readonly HashSet<string> _warnedKinds = new(StringComparer.Ordinal);

    public XodrContext(string file, List<InputError> warnings)
    {
        File = file;
        Warnings = warnings;
    }

    public string File { get; }

    public List<InputError> Errors { get; } = [];

    public List<InputError> Warnings { get; }

    public int ErrorCount => Errors.Count;

    /// <summary>Signals read so far, by id (ids are unique across a file), for duplicate and reference checks.</summary>
    public Dictionary<string, XElement> Signals { get; } = new(StringComparer.Ordinal);

    /// <summary>Elements naming a signal (signalReference, controller control), checked once every road is read.</summary>
    public List<(XElement Where, string SignalId)> PendingSignalRefs { get; } = [];

    public SourceLocation At(XObject node)
    {
        var info = (IXmlLineInfo)node;
        return info.HasLineInfo() ? new SourceLocation(File, info.LineNumber, info.LinePosition) : new SourceLocation(File, 0, 0);
    }

    public void Error(XObject node, string message) => Errors.Add(new InputError(At(node), message));

    public void Warn(XObject node, string message) => Warnings.Add(InputError.Warning(At(node), message));

    /// <summary>
    /// Warns that <paramref name="element"/> is not supported, once per element kind within
    /// <paramref name="scope"/> (a road, a junction, the file), naming the first occurrence's line.
    /// </summary>
    public void Unsupported(XElement element, string scope, string what)
    {
        string kind = element.Name.LocalName;
        if (_warnedKinds.Add(scope + "\u0000" + kind))
        {
            Warn(element, $"{what}: <{kind}> is not supported and is ignored (reported once per {(scope.Length == 0 ? "file" : "element kind here")})");
        }
    }

    /// <summary>Warns once per distinct key (e.g. an unknown keyword) within a scope.</summary>
    public void WarnOnce(XObject node, string key, string message)
    {
        if (_warnedKinds.Add(key))
        {
            Warn(node, message);
        }
    }

    public string? OptionalString(XElement e, string name) => e.Attribute(name)?.Value;

    public string RequiredString(XElement e, string name)
    {
        XAttribute? a = e.Attribute(name);
        if (a is null)
        {
            Error(e, $"<{e.Name.LocalName}> is missing required attribute '{name}'");
            return "";
        }
        return a.Value;
    }

    public double RequiredDouble(XElement e, string name)
    {
        XAttribute? a = e.Attribute(name);
        if (a is null)
        {
            Error(e, $"<{e.Name.LocalName}> is missing required attribute '{name}'");
            return double.NaN;
        }
        return ParseDouble(a);
    }

    public double OptionalDouble(XElement e, string name, double fallback)
    {
        XAttribute? a = e.Attribute(name);
        return a is null ? fallback : ParseDouble(a);
    }

    public double? OptionalDouble(XElement e, string name)
    {
        XAttribute? a = e.Attribute(name);
        return a is null ? null : ParseDouble(a);
    }

    public int RequiredInt(XElement e, string name)
    {
        XAttribute? a = e.Attribute(name);
        if (a is null)
        {
            Error(e, $"<{e.Name.LocalName}> is missing required attribute '{name}'");
            return 0;
        }
        return ParseInt(a);
    }

    public int? OptionalInt(XElement e, string name)
    {
        XAttribute? a = e.Attribute(name);
        return a is null ? null : ParseInt(a);
    }

    public double ParseDouble(XAttribute a)
    {
        if (double.TryParse(a.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
        {
            return v;
        }
        Error(a, $"attribute '{a.Name.LocalName}' of <{a.Parent?.Name.LocalName}> must be a finite number, found '{a.Value}'");
        return double.NaN;
    }

    private int ParseInt(XAttribute a)
    {
        string text = a.Value.Trim();
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
        {
            return v;
        }
        // Some writers emit integral ids as "1.0"/"1e0"; accept exact integers written as decimals.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue)
        {
            return (int)d;
        }
        Error(a, $"attribute '{a.Name.LocalName}' of <{a.Parent?.Name.LocalName}> must be an integer, found '{a.Value}'");
        return 0;
    }
}
