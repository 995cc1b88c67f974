using System.Text.RegularExpressions;
using System.Xml.Linq;
using SimCore.Diagnostics;
using SimCore.OpenScenario;
using SimCore.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace Sim.Runtime.Batch;

/// <summary>A scenario file a batch runs, with its family name and the parameters it declares.</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="Family">Its path relative to the input it was found through, without extension ('/'-separated, sanitised).</param>
/// <param name="Declared">The names in its 'parameters:' (YAML) or global ParameterDeclarations (OpenSCENARIO).</param>
/// <param name="Distribution">When the input was an OpenSCENARIO parameter value distribution: its runs (then <paramref name="Path"/> is the scenario it varies).</param>
internal sealed record ScenarioInput(string Path, string Family, IReadOnlySet<string> Declared, ParameterDistribution? Distribution = null);

/// <summary>
/// Turns the batch's inputs (files, folders, globs) into scenario files. Folders and globs find
/// scenarios: .yaml/.yml files with a top-level 'entities:' and .xosc files, outside folders named
/// roads, rigs, can and Catalogs (road networks, sensor rigs, DBC files and catalogs sit next to
/// scenarios in a library). A file named explicitly is always a scenario: if it does not load, its
/// run is an error, as a typo on the command line should be.
/// </summary>
internal static class ScenarioInputs
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "roads", "rigs", "can", "Catalogs" };

    private static readonly Regex EntitiesKey = new(@"^entities:", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    /// <summary>The scenarios of <paramref name="inputs"/> in input order; throws <see cref="InputException"/> on an input that names nothing.</summary>
    public static IReadOnlyList<ScenarioInput> Find(IReadOnlyList<string> inputs)
    {
        var errors = new List<InputError>();
        var found = new List<ScenarioInput>();
        var byPath = new HashSet<string>(StringComparer.Ordinal);
        var byFamily = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string file, string family)
        {
            string full = System.IO.Path.GetFullPath(file);
            if (!byPath.Add(full))
            {
                return;
            }
            if (byFamily.TryGetValue(family, out string? other))
            {
                errors.Add(new InputError(new SourceLocation(file, 0, 0), $"gives the same run id '{family}' as {other}; name them through different folders, or rename one"));
                return;
            }
            byFamily[family] = file;
            if (ParameterDistribution.IsDistributionFile(full))
            {
                // Its runs are the distribution's assignments of the scenario it names.
                try
                {
                    ParameterDistribution d = ParameterDistribution.Load(full);
                    found.Add(new ScenarioInput(d.ScenarioFile, family, DeclaredParameters(d.ScenarioFile), d));
                }
                catch (InputException e)
                {
                    errors.AddRange(e.Errors);
                }
                return;
            }
            found.Add(new ScenarioInput(full, family, DeclaredParameters(full)));
        }
        foreach (string input in inputs)
        {
            if (File.Exists(input))
            {
                Add(input, RunId.Family(System.IO.Path.GetFileNameWithoutExtension(input)));
            }
            else if (Directory.Exists(input))
            {
                int before = found.Count;
                foreach (string f in Scan(input, errors))
                {
                    string rel = System.IO.Path.GetRelativePath(input, f);
                    if (IsScenario(rel, f))
                    {
                        Add(f, FamilyOf(rel));
                    }
                }
                if (found.Count == before && errors.Count == 0)
                {
                    errors.Add(new InputError(new SourceLocation(input, 0, 0), "the folder holds no scenario (.yaml with 'entities:', or .xosc)"));
                }
            }
            else if (input.IndexOfAny(new[] { '*', '?', '[' }) >= 0)
            {
                (string baseDir, Regex pattern) = Glob(input);
                int before = found.Count;
                if (Directory.Exists(baseDir))
                {
                    foreach (string f in Scan(baseDir, errors))
                    {
                        string rel = System.IO.Path.GetRelativePath(baseDir, f).Replace('\\', '/');
                        if (pattern.IsMatch(rel) && IsScenario(rel, f))
                        {
                            Add(f, FamilyOf(rel));
                        }
                    }
                }
                if (found.Count == before)
                {
                    errors.Add(new InputError(new SourceLocation(input, 0, 0), "the pattern matches no scenario (.yaml with 'entities:', or .xosc)"));
                }
            }
            else
            {
                errors.Add(new InputError(new SourceLocation(input, 0, 0), "no such file or folder"));
            }
        }
        if (errors.Count > 0)
        {
            throw new InputException(errors);
        }
        return found;
    }

    /// <summary>The most files a folder or glob may hold: `sim batch /` is an error, not a scan of the whole disk.</summary>
    internal const int MaxScannedFiles = 100_000;

    private static readonly HashSet<string> SystemFolders = new(StringComparer.Ordinal) { "/proc", "/sys", "/dev" };

    /// <summary>
    /// The files below <paramref name="folder"/> in ordinal order. Unreadable folders are passed
    /// over and symbolic links to folders are not followed (a link loop would never end).
    /// </summary>
    private static IEnumerable<string> Scan(string folder, List<InputError> errors)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var entries = new System.IO.Enumeration.FileSystemEnumerable<string>(folder, (ref System.IO.Enumeration.FileSystemEntry e) => e.ToFullPath(), options)
        {
            ShouldIncludePredicate = (ref System.IO.Enumeration.FileSystemEntry e) => !e.IsDirectory,
            // Links are not followed (a loop never ends), nor the kernel's folders, whose entries come and go.
            ShouldRecursePredicate = (ref System.IO.Enumeration.FileSystemEntry e) => (e.Attributes & FileAttributes.ReparsePoint) == 0
                && !SystemFolders.Contains(e.ToFullPath()),
        };
        var files = new List<string>();
        try
        {
            foreach (string f in entries)
            {
                if (files.Count == MaxScannedFiles)
                {
                    errors.Add(new InputError(new SourceLocation(folder, 0, 0), $"holds more than {MaxScannedFiles} files: name the scenario folder itself"));
                    return [];
                }
                files.Add(f);
            }
        }
        catch (IOException e)
        {
            errors.Add(new InputError(new SourceLocation(folder, 0, 0), $"cannot list it: {e.Message}"));
            return [];
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static string FamilyOf(string relative)
    {
        string r = relative.Replace('\\', '/');
        int dot = r.LastIndexOf('.');
        return RunId.Family(dot > r.LastIndexOf('/') ? r[..dot] : r);
    }

    private static bool IsScenario(string relative, string path)
    {
        string[] parts = relative.Replace('\\', '/').Split('/');
        if (parts[..^1].Any(SkippedFolders.Contains))
        {
            return false;
        }
        string ext = System.IO.Path.GetExtension(path).ToLowerInvariant();
        if (ext == ".xosc")
        {
            return true;
        }
        if (ext is not (".yaml" or ".yml"))
        {
            return false;
        }
        try
        {
            // A road file, a rig or a sweep file has no entities: not a scenario.
            return EntitiesKey.IsMatch(InputFiles.ReadText(path, "scenario"));
        }
        catch (InputException)
        {
            return true; // unreadable: let its run report why
        }
    }

    /// <summary>Splits a glob into the folder before its first wildcard and a regex over the rest ('**' any folders, '*' and '?' within a name).</summary>
    internal static (string BaseDir, Regex Pattern) Glob(string glob)
    {
        string[] parts = glob.Replace('\\', '/').Split('/');
        int first = Array.FindIndex(parts, p => p.IndexOfAny(new[] { '*', '?', '[' }) >= 0);
        string baseDir = first == 0 ? "." : string.Join('/', parts[..first]);
        if (baseDir.Length == 0)
        {
            baseDir = "/";
        }
        var rx = new System.Text.StringBuilder("^");
        for (int i = first; i < parts.Length; i++)
        {
            string p = parts[i];
            bool last = i == parts.Length - 1;
            if (p == "**")
            {
                rx.Append(last ? ".*" : "(?:[^/]+/)*");
                continue;
            }
            foreach (char c in p)
            {
                rx.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    '[' => "[",
                    ']' => "]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
            if (!last)
            {
                rx.Append('/');
            }
        }
        rx.Append('$');
        return (baseDir, new Regex(rx.ToString(), RegexOptions.CultureInvariant));
    }

    /// <summary>The parameter names a scenario declares; empty when the file does not parse (its run then reports why).</summary>
    internal static IReadOnlySet<string> DeclaredParameters(string path)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            if (path.EndsWith(".xosc", StringComparison.OrdinalIgnoreCase))
            {
                XElement? root = InputFiles.ParseXml(InputFiles.ReadText(path, "scenario"), path).Root;
                foreach (XElement d in root?.Element("ParameterDeclarations")?.Elements("ParameterDeclaration") ?? Enumerable.Empty<XElement>())
                {
                    if (d.Attribute("name")?.Value is { Length: > 0 } n)
                    {
                        names.Add(n);
                    }
                }
                return names;
            }
            if (YamlContext.LoadRoot(path, InputFiles.ReadText(path, "scenario"), new List<InputError>()) is YamlMappingNode top
                && top.Children.TryGetValue(new YamlScalarNode("parameters"), out YamlNode? p) && p is YamlMappingNode pm)
            {
                foreach (YamlNode k in pm.Children.Keys)
                {
                    if (k is YamlScalarNode { Value: { } n })
                    {
                        names.Add(n);
                    }
                }
            }
        }
        catch (Exception e) when (e is InputException or System.Xml.XmlException)
        {
        }
        return names;
    }
}
