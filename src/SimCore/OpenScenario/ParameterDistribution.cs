using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using SimCore.Diagnostics;
using SimCore.Scenarios.Yaml;

namespace SimCore.OpenScenario;

/// <summary>
/// An OpenSCENARIO ParameterValueDistribution file expanded into its runs: each assignment names
/// values for global parameters of the scenario file it refers to. Deterministic distributions
/// (sets, ranges, value sets of several parameters) combine as the product of all of them, in
/// file order with the last varying fastest (esmini's order). A stochastic distribution gives
/// numberOfTestRuns runs, each drawing every parameter from counter-based random numbers (a hash
/// of seed, parameter name, run and attempt), so a run's values do not depend on the other
/// parameters, on the order of drawing or on the thread.
/// </summary>
public sealed class ParameterDistribution
{
    /// <summary>Most runs one file may expand to: a product that large is surely a mistake in a step width.</summary>
    public const int MaxRuns = 100_000;

    private ParameterDistribution(string file, string scenarioFile, bool stochastic, IReadOnlyList<IReadOnlyDictionary<string, string>> assignments)
    {
        File = file;
        ScenarioFile = scenarioFile;
        Stochastic = stochastic;
        Assignments = assignments;
    }

    /// <summary>The distribution file.</summary>
    public string File { get; }

    /// <summary>Full path of the scenario the distribution varies (ScenarioFile, relative to the distribution file).</summary>
    public string ScenarioFile { get; }

    /// <summary>True for a Stochastic distribution, false for a Deterministic one.</summary>
    public bool Stochastic { get; }

    /// <summary>The runs: parameter name to value text, in run order. Parameters a run does not name keep their declared values.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Assignments { get; }

    /// <summary>True when <paramref name="path"/> is an OpenSCENARIO file whose root holds a ParameterValueDistribution (read without loading the scenario).</summary>
    public static bool IsDistributionFile(string path)
    {
        if (!string.Equals(Path.GetExtension(path), ".xosc", StringComparison.OrdinalIgnoreCase) || !System.IO.File.Exists(path))
        {
            return false;
        }
        try
        {
            // Only the start is read: a small buffer, not OpenRead's 64 KB (this runs on every load).
            using XmlReader r = XmlReader.Create(InputFiles.OpenRead(path, "OpenSCENARIO", 4096), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreComments = true, CloseInput = true });
            if (r.MoveToContent() != XmlNodeType.Element || r.LocalName is not ("OpenSCENARIO" or "OpenScenario") || r.IsEmptyElement)
            {
                return false;
            }
            // The root's first child other than FileHeader decides.
            r.Read();
            while (!r.EOF)
            {
                if (r.NodeType == XmlNodeType.Element && r.LocalName != "FileHeader")
                {
                    return r.LocalName == "ParameterValueDistribution";
                }
                if (r.NodeType == XmlNodeType.Element)
                {
                    r.Skip();
                }
                else
                {
                    r.Read();
                }
            }
        }
        catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException or InputException)
        {
            // Not well-formed or unreadable: the scenario reader reports it with its line.
        }
        return false;
    }

    /// <summary>Reads and expands a distribution file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="seed">Seed of a stochastic distribution without its own randomSeed (the run's seed).</param>
    /// <exception cref="InputException">The file is missing or invalid, names parameters the scenario does not declare, or expands to more than <see cref="MaxRuns"/> runs; every problem at its line.</exception>
    public static ParameterDistribution Load(string path, ulong seed = 0)
    {
        XDocument doc = OscContext.LoadDocument(path);
        var errors = new List<InputError>();
        var ctx = new OscContext(path, false, errors, new List<InputError>());
        ParameterDistribution? d = Read(ctx, doc, path, seed);
        if (errors.Count > 0 || d is null)
        {
            throw new InputException(errors.Count > 0 ? errors : new[] { new InputError(new SourceLocation(path, 0, 0), "invalid parameter value distribution") });
        }
        return d;
    }

    private static ParameterDistribution? Read(OscContext ctx, XDocument doc, string path, ulong seed)
    {
        XElement? pvd = doc.Root?.Element("ParameterValueDistribution");
        if (doc.Root?.Name.LocalName != "OpenSCENARIO" || pvd is null)
        {
            ctx.Error(doc.Root, "not a parameter value distribution: <OpenSCENARIO> needs a <ParameterValueDistribution>");
            return null;
        }
        var scope = new ParameterScope(null);
        XElement? scenarioEl = pvd.Element("ScenarioFile");
        string? scenarioPath = scenarioEl is null ? null : ctx.RequiredStr(scenarioEl, "filepath", scope);
        if (scenarioEl is null)
        {
            ctx.Error(pvd, "<ParameterValueDistribution> needs a <ScenarioFile filepath=\"...\"/>");
        }
        string? scenario = scenarioPath is null ? null : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", scenarioPath));
        if (scenario is not null && !System.IO.File.Exists(scenario))
        {
            ctx.Error(scenarioEl!.Attribute("filepath"), $"scenario file '{scenario}' not found");
            scenario = null;
        }
        else if (scenario is not null && IsDistributionFile(scenario))
        {
            ctx.Error(scenarioEl!.Attribute("filepath"), $"'{scenario}' is a parameter value distribution itself; ScenarioFile names a scenario");
            scenario = null;
        }
        XElement? body = pvd.Elements().FirstOrDefault(e => e.Name.LocalName != "ScenarioFile");
        if (body is null)
        {
            ctx.Error(pvd, "<ParameterValueDistribution> needs <Deterministic> or <Stochastic>");
            return null;
        }
        IReadOnlyList<IReadOnlyDictionary<string, string>>? runs = body.Name.LocalName switch
        {
            "Deterministic" => DeterministicRuns(ctx, body, scope),
            "Stochastic" => StochasticRuns(ctx, body, scope, seed),
            _ => Bad(ctx, body),
        };
        if (runs is null || scenario is null)
        {
            return null;
        }
        CheckDeclared(ctx, body, scenario, runs);
        return ctx.Errors.Count > 0 ? null : new ParameterDistribution(path, scenario, body.Name.LocalName == "Stochastic", runs);
    }

    private static IReadOnlyList<IReadOnlyDictionary<string, string>>? Bad(OscContext ctx, XElement el)
    {
        ctx.Error(el, $"a <ParameterValueDistribution> holds <Deterministic> or <Stochastic>, not <{el.Name.LocalName}>");
        return null;
    }

    /// <summary>The product of every single- and multi-parameter distribution, the last varying fastest.</summary>
    private static IReadOnlyList<IReadOnlyDictionary<string, string>>? DeterministicRuns(OscContext ctx, XElement det, ParameterScope scope)
    {
        var factors = new List<List<Dictionary<string, string>>>();
        var assigned = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (XElement d in det.Elements())
        {
            List<Dictionary<string, string>>? factor = d.Name.LocalName switch
            {
                "DeterministicSingleParameterDistribution" => SingleParameter(ctx, d, scope),
                "DeterministicMultiParameterDistribution" => MultiParameter(ctx, d, scope),
                _ => null,
            };
            if (d.Name.LocalName is not ("DeterministicSingleParameterDistribution" or "DeterministicMultiParameterDistribution"))
            {
                ctx.Error(d, $"<Deterministic> holds DeterministicSingleParameterDistribution and DeterministicMultiParameterDistribution, not <{d.Name.LocalName}>");
            }
            if (factor is null)
            {
                continue;
            }
            foreach (string name in factor.SelectMany(f => f.Keys).Distinct())
            {
                if (!assigned.TryAdd(name, d))
                {
                    ctx.Error(d, $"parameter '{name}' is varied twice (also at line {ctx.Where(assigned[name]).Line}): a run could not have both values");
                }
            }
            factors.Add(factor);
        }
        if (factors.Count == 0)
        {
            if (ctx.Errors.Count == 0)
            {
                ctx.Error(det, "<Deterministic> varies no parameter");
            }
            return null;
        }
        long total = 1;
        foreach (var f in factors)
        {
            total *= f.Count;
            if (total > MaxRuns)
            {
                ctx.Error(det, $"the distribution expands to more than {MaxRuns} runs; check the step widths and sets");
                return null;
            }
        }
        IEnumerable<Dictionary<string, string>> product = new[] { new Dictionary<string, string>(StringComparer.Ordinal) };
        foreach (List<Dictionary<string, string>> f in factors)
        {
            List<Dictionary<string, string>> current = product.ToList();
            product = current.SelectMany(run => f.Select(v =>
            {
                var next = new Dictionary<string, string>(run, StringComparer.Ordinal);
                foreach ((string k, string val) in v)
                {
                    next[k] = val;
                }
                return next;
            }));
        }
        return product.ToList();
    }

    private static List<Dictionary<string, string>>? SingleParameter(OscContext ctx, XElement d, ParameterScope scope)
    {
        string? name = ctx.RequiredStr(d, "parameterName", scope);
        XElement? kind = d.Elements().FirstOrDefault();
        if (name is null)
        {
            return null;
        }
        var values = new List<string>();
        switch (kind?.Name.LocalName)
        {
            case "DistributionSet":
                foreach (XElement e in ctx.Only(kind, "Element"))
                {
                    if (ctx.RequiredStr(e, "value", scope) is { } v)
                    {
                        values.Add(v);
                    }
                }
                break;
            case "DistributionRange":
            {
                double step = ctx.RequiredNum(kind, "stepWidth", scope);
                if (Range(ctx, kind, scope) is not { } range)
                {
                    return null;
                }
                if (!(step > 0))
                {
                    ctx.Error(kind.Attribute("stepWidth") ?? (XObject)kind, "stepWidth must be positive");
                    return null;
                }
                double count = Math.Floor((range.Upper - range.Lower) / step + 1e-9) + 1;
                if (count > MaxRuns)
                {
                    ctx.Error(kind, $"the range has {count:0} values; more than {MaxRuns} is surely a mistake in 'stepWidth'");
                    return null;
                }
                for (int i = 0; i < (int)count; i++)
                {
                    values.Add(Format(range.Lower + i * step));
                }
                break;
            }
            case "UserDefinedDistribution":
                ctx.Error(kind, $"a UserDefinedDistribution (type '{kind.Attribute("type")?.Value}') is defined by the tool that wrote it; it cannot be expanded here. Write it as a DistributionSet");
                return null;
            case null:
                ctx.Error(d, $"<{d.Name.LocalName}> needs <DistributionSet>, <DistributionRange> or <UserDefinedDistribution>");
                return null;
            default:
                ctx.Error(kind, $"<{d.Name.LocalName}> holds <DistributionSet>, <DistributionRange> or <UserDefinedDistribution>, not <{kind.Name.LocalName}>");
                return null;
        }
        if (values.Count == 0)
        {
            ctx.Error(kind, $"the distribution of '{name}' has no values");
            return null;
        }
        return values.Select(v => new Dictionary<string, string>(StringComparer.Ordinal) { [name] = v }).ToList();
    }

    private static List<Dictionary<string, string>>? MultiParameter(OscContext ctx, XElement d, ParameterScope scope)
    {
        XElement? set = d.Element("ValueSetDistribution");
        if (set is null)
        {
            ctx.Error(d, "<DeterministicMultiParameterDistribution> needs a <ValueSetDistribution>");
            return null;
        }
        var runs = new List<Dictionary<string, string>>();
        foreach (XElement vs in ctx.Only(set, "ParameterValueSet"))
        {
            var run = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (XElement a in ctx.Only(vs, "ParameterAssignment"))
            {
                string? name = a.Attribute("parameterRef")?.Value.Trim().TrimStart('$');
                string? value = ctx.RequiredStr(a, "value", scope);
                if (string.IsNullOrEmpty(name))
                {
                    ctx.Error(a, "<ParameterAssignment> needs attribute 'parameterRef'");
                }
                else if (value is not null && !run.TryAdd(name, value))
                {
                    ctx.Error(a, $"parameter '{name}' is assigned twice in one <ParameterValueSet>");
                }
            }
            if (run.Count == 0)
            {
                ctx.Error(vs, "a <ParameterValueSet> needs at least one <ParameterAssignment>");
                continue;
            }
            runs.Add(run);
        }
        if (runs.Count == 0)
        {
            ctx.Error(set, "a <ValueSetDistribution> needs at least one <ParameterValueSet>");
            return null;
        }
        return runs;
    }

    private static IReadOnlyList<IReadOnlyDictionary<string, string>>? StochasticRuns(OscContext ctx, XElement st, ParameterScope scope, ulong seed)
    {
        double n = ctx.RequiredNum(st, "numberOfTestRuns", scope);
        if (n < 1 || n != Math.Floor(n) || n > MaxRuns)
        {
            ctx.Error(st.Attribute("numberOfTestRuns") ?? (XObject)st, $"numberOfTestRuns must be a whole number from 1 to {MaxRuns}, not {n}");
            return null;
        }
        if (ctx.Num(st, "randomSeed", scope) is { } s)
        {
            // A whole seed is used as it is; a fractional one by its bits (the schema types it Double).
            seed = s >= 0 && s == Math.Floor(s) && s < 1.8e19 ? (ulong)s : (ulong)BitConverter.DoubleToInt64Bits(s);
        }
        var draws = new List<(string Name, StochasticDistribution Distribution)>();
        foreach (XElement d in ctx.Only(st, "StochasticDistribution"))
        {
            string? name = ctx.RequiredStr(d, "parameterName", scope);
            StochasticDistribution? dist = StochasticDistribution.Read(ctx, d, scope);
            if (name is null || dist is null)
            {
                continue;
            }
            if (draws.Any(x => x.Name == name))
            {
                ctx.Error(d, $"parameter '{name}' has two stochastic distributions");
                continue;
            }
            draws.Add((name, dist));
        }
        if (draws.Count == 0)
        {
            if (ctx.Errors.Count == 0)
            {
                ctx.Error(st, "<Stochastic> varies no parameter");
            }
            return null;
        }
        var runs = new List<IReadOnlyDictionary<string, string>>((int)n);
        for (int i = 0; i < (int)n; i++)
        {
            var run = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach ((string name, StochasticDistribution dist) in draws)
            {
                if (dist.Draw(seed, name, i) is not { } value)
                {
                    ctx.Error(dist.Where, $"the Range of '{name}' holds almost none of its distribution: {StochasticDistribution.MaxAttempts} draws all fell outside it");
                    return null;
                }
                run[name] = value;
            }
            runs.Add(run);
        }
        return runs;
    }

    /// <summary>A Range's lowerLimit and upperLimit; null after reporting a problem.</summary>
    internal static (double Lower, double Upper)? Range(OscContext ctx, XElement holder, ParameterScope scope)
    {
        XElement? r = holder.Element("Range");
        if (r is null)
        {
            ctx.Error(holder, $"<{holder.Name.LocalName}> needs a <Range lowerLimit=\"...\" upperLimit=\"...\"/>");
            return null;
        }
        double lo = ctx.RequiredNum(r, "lowerLimit", scope), hi = ctx.RequiredNum(r, "upperLimit", scope);
        if (hi < lo)
        {
            ctx.Error(r, $"upperLimit {hi} is below lowerLimit {lo}");
            return null;
        }
        return (lo, hi);
    }

    /// <summary>Values become `--param` text and run ids: six decimals, so 1.1 + 0.2 prints as 1.3.</summary>
    internal static string Format(double v) => Math.Round(v, 6).ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>Every varied parameter must be a global parameter of the scenario; else an error at the distribution that names it.</summary>
    private static void CheckDeclared(OscContext ctx, XElement body, string scenario, IReadOnlyList<IReadOnlyDictionary<string, string>> runs)
    {
        HashSet<string> declared;
        try
        {
            XDocument s = InputFiles.ParseXml(InputFiles.ReadText(scenario, "OpenSCENARIO"), scenario);
            declared = s.Root?.Element("ParameterDeclarations")?.Elements("ParameterDeclaration")
                .Select(d => d.Attribute("name")?.Value ?? string.Empty).ToHashSet(StringComparer.Ordinal) ?? new HashSet<string>();
        }
        catch (Exception e) when (e is XmlException or InputException)
        {
            // Loading the scenario reports it with its line.
            return;
        }
        foreach (string name in runs.SelectMany(r => r.Keys).Distinct(StringComparer.Ordinal))
        {
            if (declared.Contains(name))
            {
                continue;
            }
            XObject where = body.Descendants().FirstOrDefault(e => e.Attribute("parameterName")?.Value == name || e.Attribute("parameterRef")?.Value.TrimStart('$') == name) ?? (XObject)body;
            ctx.Error(where, $"'{name}' is not a global parameter of {Path.GetFileName(scenario)}{Suggestions.Hint(name, declared)}");
        }
    }
}
