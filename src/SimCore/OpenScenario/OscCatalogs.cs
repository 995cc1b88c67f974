using System.Xml.Linq;
using SimCore.Scenarios.Yaml;

namespace SimCore.OpenScenario;

/// <summary>
/// The catalogs a scenario's CatalogLocations name. Every .xosc file in each directory is read
/// the first time any entry is referenced; entries are found by catalog name (the Catalog
/// element's name) and entry name, as CatalogReference gives them. Only the entries the scenario
/// names become trees.
/// </summary>
internal sealed class OscCatalogs(OscContext ctx, ParameterScope global)
{
    private static readonly string[] Kinds =
    {
        "VehicleCatalog", "ControllerCatalog", "PedestrianCatalog", "MiscObjectCatalog", "EnvironmentCatalog",
        "ManeuverCatalog", "TrajectoryCatalog", "RouteCatalog",
    };

    private readonly List<(string Dir, XElement Where)> _directories = new();
    private readonly Dictionary<string, string> _kindOfDirectory = new(StringComparer.Ordinal);
    private Dictionary<string, Dictionary<string, CatalogEntry>>? _catalogs;
    // Catalog names read from each CatalogLocations kind's directory (e.g. MiscObjectCatalog -> "MiscObject").
    private readonly Dictionary<string, List<string>> _namesByKind = new(StringComparer.Ordinal);
    private XDocument? _scenario;

    /// <summary>
    /// An entry found in a catalog file. Only the entries the scenario names are built as trees
    /// while the file streams by (esmini's vehicle catalog holds dozens; a scenario uses two);
    /// <see cref="Element"/> is null for the others until a reference the scan could not foresee
    /// names one.
    /// </summary>
    private sealed class CatalogEntry(string file)
    {
        public string File { get; } = file;

        public XElement? Element { get; set; }
    }

    /// <summary>Reads CatalogLocations; directories are relative to the scenario file's directory.</summary>
    public void ReadLocations(XElement? locations, string baseDir)
    {
        if (locations is null)
        {
            return;
        }
        _scenario = locations.Document;
        foreach (XElement kind in locations.Elements())
        {
            if (!Kinds.Contains(kind.Name.LocalName))
            {
                ctx.Unsupported(kind, $"catalog kinds are {string.Join(", ", Kinds)}{Suggestions.Hint(kind.Name.LocalName, Kinds)}");
                continue;
            }
            XElement? dir = kind.Element("Directory");
            string? path = dir is null ? null : ctx.RequiredStr(dir, "path", global);
            if (dir is null)
            {
                ctx.Error(kind, $"<{kind.Name.LocalName}> needs a <Directory path=\"...\"/>");
            }
            if (path is not null)
            {
                _directories.Add((Path.GetFullPath(Path.Combine(baseDir, path)), dir!));
                _kindOfDirectory.TryAdd(Path.GetFullPath(Path.Combine(baseDir, path)), kind.Name.LocalName);
            }
        }
    }

    private Dictionary<string, Dictionary<string, CatalogEntry>> Load()
    {
        if (_catalogs is not null)
        {
            return _catalogs;
        }
        _catalogs = new Dictionary<string, Dictionary<string, CatalogEntry>>(StringComparer.Ordinal);
        HashSet<string>? wanted = NamedEntries();
        var seenDirs = new HashSet<string>();
        foreach ((string dir, XElement where) in _directories)
        {
            if (!seenDirs.Add(dir))
            {
                continue;
            }
            if (!Directory.Exists(dir))
            {
                ctx.Warn(where, $"catalog directory '{dir}' does not exist");
                continue;
            }
            string[] files;
            try
            {
                files = Directory.GetFiles(dir, "*.xosc");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                ctx.Error(where, $"cannot list catalog directory '{dir}': {e.Message}");
                continue;
            }
            foreach (string file in files.OrderBy(f => f, StringComparer.Ordinal))
            {
                if (ReadFile(file, wanted) is not ({ } name, { } found))
                {
                    continue;
                }
                if (_kindOfDirectory.TryGetValue(dir, out string? kindName))
                {
                    if (!_namesByKind.TryGetValue(kindName, out List<string>? names))
                    {
                        _namesByKind[kindName] = names = new List<string>();
                    }
                    if (!names.Contains(name))
                    {
                        names.Add(name);
                    }
                }
                if (!_catalogs.TryGetValue(name, out Dictionary<string, CatalogEntry>? entries))
                {
                    entries = new Dictionary<string, CatalogEntry>(StringComparer.Ordinal);
                    _catalogs[name] = entries;
                }
                foreach ((string entryName, XElement? element) in found)
                {
                    entries.TryAdd(entryName, new CatalogEntry(file) { Element = element });
                }
            }
        }
        return _catalogs;
    }

    /// <summary>
    /// The entry names the scenario's CatalogReferences give, literally or as a global parameter;
    /// null (build every entry) when one is an expression or a parameter not known yet. A reference
    /// this misses (one inside a catalog entry, or a parameter a story redeclares) still resolves:
    /// its file is read again whole.
    /// </summary>
    private HashSet<string>? NamedEntries()
    {
        if (_scenario is null)
        {
            return null;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (XElement reference in _scenario.Descendants("CatalogReference"))
        {
            string? raw = reference.Attribute("entryName")?.Value.Trim();
            if (raw is null)
            {
                continue;
            }
            if (raw.StartsWith('$'))
            {
                raw = raw.StartsWith("${", StringComparison.Ordinal) ? null : global.Lookup(raw[1..]);
                if (raw is null)
                {
                    return null;
                }
            }
            names.Add(raw);
        }
        return names;
    }

    /// <summary>
    /// Streams one catalog file: the catalog's name and its entries in file order (the first of a
    /// name only), as trees where <paramref name="wanted"/> names them (every one when null).
    /// Every node still passes the bounds and the well-formedness check. Null after reporting an
    /// error, or when the file holds no Catalog.
    /// </summary>
    private (string Name, List<(string Entry, XElement? Element)> Entries)? ReadFile(string file, HashSet<string>? wanted)
    {
        try
        {
            (bool found, string? name, List<(string, XElement?)> entries) = OscContext.ReadXml(file, reader => StreamCatalog(reader, wanted), out string? note);
            if (note is not null)
            {
                ctx.Tolerated(new Diagnostics.SourceLocation(file, 1, 1), note);
            }
            if (!found)
            {
                return null;
            }
            if (entries.Count > 0)
            {
                // Where() finds an entry's file through its document.
                var doc = new XDocument(new XElement("Catalog", entries.Where(e => e.Item2 is not null).Select(e => e.Item2)));
                doc.AddAnnotation(new XoscFile(file));
            }
            return (name ?? Path.GetFileNameWithoutExtension(file), entries);
        }
        catch (System.Xml.XmlException e)
        {
            ctx.Errors.Add(new Diagnostics.InputError(new Diagnostics.SourceLocation(file, e.LineNumber, e.LinePosition), $"XML syntax: {e.Message}"));
        }
        catch (Diagnostics.InputException e)
        {
            ctx.Errors.AddRange(e.Errors);
        }
        return null;
    }

    /// <summary>
    /// The first Catalog under the root: whether there is one, its name and its entries. Reads to
    /// the end of the document, so an error anywhere is found.
    /// </summary>
    private static (bool Found, string? Name, List<(string, XElement?)> Entries) StreamCatalog(System.Xml.XmlReader reader, HashSet<string>? wanted)
    {
        bool found = false;
        string? name = null;
        var entries = new List<(string, XElement?)>();
        reader.MoveToContent();
        if (!reader.IsEmptyElement)
        {
            reader.Read();
            while (reader.Depth > 0)
            {
                if (!found && reader.NodeType == System.Xml.XmlNodeType.Element && reader.LocalName == "Catalog" && reader.NamespaceURI.Length == 0)
                {
                    found = true;
                    name = reader.GetAttribute("name");
                    ReadEntries(reader, wanted, entries);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        while (reader.Read())
        {
        }
        return (found, name, entries);
    }

    /// <summary>From a Catalog's start to past its end.</summary>
    private static void ReadEntries(System.Xml.XmlReader reader, HashSet<string>? wanted, List<(string, XElement?)> entries)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        reader.Read();
        while (reader.Depth > 1)
        {
            string? entry = reader.NodeType == System.Xml.XmlNodeType.Element ? reader.GetAttribute("name") : null;
            if (entry is null || !seen.Add(entry))
            {
                reader.Skip();
                continue;
            }
            if (wanted is not null && !wanted.Contains(entry))
            {
                entries.Add((entry, null));
                reader.Skip();
                continue;
            }
            using (System.Xml.XmlReader subtree = reader.ReadSubtree())
            {
                entries.Add((entry, XElement.Load(subtree, LoadOptions.SetLineInfo)));
            }
            // The subtree leaves the reader on the entry's last node.
            reader.Read();
        }
        reader.Read();
    }

    /// <summary>The tree of <paramref name="entry"/>, reading its file again whole when the scan did not foresee it.</summary>
    private XElement? Materialise(Dictionary<string, Dictionary<string, CatalogEntry>> catalogs, CatalogEntry entry)
    {
        if (entry.Element is null && ReadFile(entry.File, null) is ({ } name, { } found) && catalogs.TryGetValue(name, out Dictionary<string, CatalogEntry>? entries))
        {
            foreach ((string entryName, XElement? element) in found)
            {
                if (entries.TryGetValue(entryName, out CatalogEntry? e) && e.File == entry.File && e.Element is null)
                {
                    e.Element = element;
                }
            }
        }
        return entry.Element;
    }

    /// <summary>
    /// Finds the entry a CatalogReference names and builds its parameter scope: the entry's own
    /// declarations, then the reference's ParameterAssignments (values resolved where the
    /// reference is). Null after reporting an error.
    /// </summary>
    public XElement? Resolve(XElement reference, ParameterScope referenceScope, out ParameterScope entryScope)
    {
        entryScope = new ParameterScope(global);
        string? catalogName = ctx.RequiredStr(reference, "catalogName", referenceScope);
        string? entryName = ctx.RequiredStr(reference, "entryName", referenceScope);
        if (catalogName is null || entryName is null)
        {
            return null;
        }
        Dictionary<string, Dictionary<string, CatalogEntry>> catalogs = Load();
        if (!catalogs.TryGetValue(catalogName, out Dictionary<string, CatalogEntry>? entries)
            && _namesByKind.TryGetValue(catalogName, out List<string>? ofKind) && ofKind.Count == 1)
        {
            // esmini finds "MiscObjectCatalog" in the one catalog read from the MiscObjectCatalog
            // directory, whatever that catalog is named.
            ctx.Tolerated(reference, $"no catalog is named '{catalogName}'; its entries are taken from the catalog '{ofKind[0]}' in the {catalogName} directory");
            entries = catalogs[ofKind[0]];
        }
        if (entries is null)
        {
            string where = _directories.Count == 0 ? "no CatalogLocations are given" : $"catalogs found: {string.Join(", ", catalogs.Keys.OrderBy(k => k, StringComparer.Ordinal))}";
            ctx.Error(reference, $"unknown catalog '{catalogName}'{Suggestions.Hint(catalogName, catalogs.Keys)} ({where})");
            return null;
        }
        if (!entries.TryGetValue(entryName, out CatalogEntry? found))
        {
            ctx.Error(reference, $"catalog '{catalogName}' has no entry '{entryName}'{Suggestions.Hint(entryName, entries.Keys)}");
            return null;
        }
        if (Materialise(catalogs, found) is not { } entry)
        {
            ctx.Error(reference, $"catalog '{catalogName}' entry '{entryName}' is gone from '{found.File}' (the file changed while the scenario was read)");
            return null;
        }
        var assigned = new Dictionary<string, string>(StringComparer.Ordinal);
        var assignedAt = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (XElement a in reference.Element("ParameterAssignments")?.Elements("ParameterAssignment") ?? Enumerable.Empty<XElement>())
        {
            // The name itself, not a reference to resolve: esmini accepts it with a '$' too.
            string? name = a.Attribute("parameterRef")?.Value.Trim().TrimStart('$');
            if (name is null)
            {
                ctx.Error(a, "<ParameterAssignment> needs attribute 'parameterRef'");
            }
            string? value = ctx.RequiredStr(a, "value", referenceScope);
            if (name is not null && value is not null)
            {
                assigned[name] = value;
                assignedAt[name] = a;
            }
        }
        OscParameters.Declare(ctx, entry.Element("ParameterDeclarations"), entryScope, assigned, reportUnknownOverrides: false);
        foreach ((string name, XElement a) in assignedAt)
        {
            // A declaration that failed was reported already; it is still declared.
            bool declared = entry.Element("ParameterDeclarations")?.Elements("ParameterDeclaration").Any(d => d.Attribute("name")?.Value == name) ?? false;
            if (!entryScope.Declares(name) && !declared)
            {
                ctx.Error(a, $"catalog entry '{entryName}' declares no parameter '{name}'{Suggestions.Hint(name, entryScope.Own.Keys)}");
            }
        }
        return entry;
    }
}
