using System.Xml.Linq;
using SimCore.Scenarios.Yaml;

namespace SimCore.OpenScenario;

/// <summary>
/// The catalogs a scenario's CatalogLocations name. Every .xosc file in each directory is read
/// the first time any entry is referenced; entries are found by catalog name (the Catalog
/// element's name) and entry name, as CatalogReference gives them.
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
    private Dictionary<string, Dictionary<string, XElement>>? _catalogs;
    // Catalog names read from each CatalogLocations kind's directory (e.g. MiscObjectCatalog -> "MiscObject").
    private readonly Dictionary<string, List<string>> _namesByKind = new(StringComparer.Ordinal);

    /// <summary>Reads CatalogLocations; directories are relative to the scenario file's directory.</summary>
    public void ReadLocations(XElement? locations, string baseDir)
    {
        if (locations is null)
        {
            return;
        }
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

    private Dictionary<string, Dictionary<string, XElement>> Load()
    {
        if (_catalogs is not null)
        {
            return _catalogs;
        }
        _catalogs = new Dictionary<string, Dictionary<string, XElement>>(StringComparer.Ordinal);
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
                XDocument doc;
                try
                {
                    doc = OscContext.LoadXml(file, out string? note);
                    if (note is not null)
                    {
                        ctx.Tolerated(new Diagnostics.SourceLocation(file, 1, 1), note);
                    }
                }
                catch (System.Xml.XmlException e)
                {
                    ctx.Errors.Add(new Diagnostics.InputError(new Diagnostics.SourceLocation(file, e.LineNumber, e.LinePosition), $"XML syntax: {e.Message}"));
                    continue;
                }
                catch (Diagnostics.InputException e)
                {
                    ctx.Errors.AddRange(e.Errors);
                    continue;
                }
                XElement? catalog = doc.Root?.Element("Catalog");
                if (catalog is null)
                {
                    continue;
                }
                string name = catalog.Attribute("name")?.Value ?? Path.GetFileNameWithoutExtension(file);
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
                if (!_catalogs.TryGetValue(name, out Dictionary<string, XElement>? entries))
                {
                    entries = new Dictionary<string, XElement>(StringComparer.Ordinal);
                    _catalogs[name] = entries;
                }
                foreach (XElement entry in catalog.Elements())
                {
                    string? entryName = entry.Attribute("name")?.Value;
                    if (entryName is not null)
                    {
                        entries.TryAdd(entryName, entry);
                    }
                }
            }
        }
        return _catalogs;
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
        Dictionary<string, Dictionary<string, XElement>> catalogs = Load();
        if (!catalogs.TryGetValue(catalogName, out Dictionary<string, XElement>? entries)
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
        if (!entries.TryGetValue(entryName, out XElement? entry))
        {
            ctx.Error(reference, $"catalog '{catalogName}' has no entry '{entryName}'{Suggestions.Hint(entryName, entries.Keys)}");
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
