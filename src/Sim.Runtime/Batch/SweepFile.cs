using System.Globalization;
using SimCore.Diagnostics;
using SimCore.Scenarios.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sim.Runtime.Batch;

/// <summary>
/// A sweep file (docs/batch.md): the parameters to vary, and whether runs take their product or
/// <see cref="Samples"/> random combinations.
/// </summary>
/// <param name="File">The file, for messages.</param>
/// <param name="Seed">Seed of the random draws.</param>
/// <param name="Samples">Number of random combinations, or null for the product.</param>
/// <param name="Parameters">The swept parameters in file order.</param>
internal sealed record SweepFile(string File, ulong Seed, int? Samples, IReadOnlyList<SweepParameter> Parameters)
{
    /// <summary>The most values a parameter, and runs a sweep, may have: more is a mistake, and would fill memory before any run.</summary>
    public const int MaxValues = 100_000;

    private static readonly YamlObject RangeShape = new("sweep_range", "Values from 'from' to 'to' (both included) in steps.",
        Y.Required("from", Y.Number(), "First value."), Y.Required("to", Y.Number(), "Last value (>= from)."), Y.Required("step", Y.Positive(), "Step."));

    private static readonly YamlKey Count = Y.Key("count", Y.Integer(1), "How many draws (combine: product only).", "1");

    private static readonly YamlObject UniformBounds = new("uniform_bounds", "Bounds of a uniform draw.", Y.Required("min", Y.Number(), "Least value."), Y.Required("max", Y.Number(), "Greatest value (>= min)."));

    private static readonly YamlObject NormalMoments = new("normal_moments", "Mean and standard deviation of a normal draw.", Y.Required("mean", Y.Number(), "Mean."), Y.Required("sd", Y.NonNegative(), "Standard deviation."));

    private static readonly YamlObject UniformShape = new("sweep_uniform", "Random draws from a uniform distribution.", Y.Required("uniform", UniformBounds, "{min, max}."), Count);

    private static readonly YamlObject NormalShape = new("sweep_normal", "Random draws from a normal distribution.", Y.Required("normal", NormalMoments, "{mean, sd}."), Count);

    private static readonly YamlObject Top = new("sweep", "A sweep file (docs/batch.md): the parameters to vary and how runs combine them.",
        Y.Key("seed", Y.Integer(0), "Seed of the random draws.", "0"),
        Y.Key("combine", Y.Word(["product", "samples"]), "product: every combination; samples: that many random combinations.", "product"),
        Y.Key("samples", Y.Integer(1), "Number of random combinations (combine: samples)."),
        Y.Required("parameters", Y.MapOf(Y.AnyOf(Y.List(Y.AnyOf(Y.Number(), Y.Text(), Y.Flag()), 1), RangeShape, UniformShape, NormalShape)),
            "Parameter names (declared by the scenarios) to a range {from, to, step}, a list [a, b], or a draw {uniform: {min, max}} / {normal: {mean, sd}} with count."));

    /// <summary>The top level of a sweep file: the root of the tables its reader checks keys against, and of schemas/sweep.schema.json.</summary>
    public static YamlObject Schema => Top;

    /// <summary>
    /// The parameter sets a scenario declaring <paramref name="declared"/> runs with: only the swept
    /// parameters it declares vary; one empty set when it declares none.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Combinations(IReadOnlySet<string> declared)
    {
        List<SweepParameter> applicable = Parameters.Where(p => declared.Contains(p.Name)).ToList();
        var result = new List<IReadOnlyDictionary<string, string>>();
        if (applicable.Count == 0)
        {
            result.Add(new Dictionary<string, string>(StringComparer.Ordinal));
            return result;
        }
        if (Samples is int n)
        {
            // The same N draws for every scenario (common random numbers), restricted to what it
            // declares; draws that coincide after the restriction are one run.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < n; i++)
            {
                var set = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (SweepParameter p in applicable)
                {
                    set[p.Name] = p.Sample(Seed, i);
                }
                if (seen.Add(RunId.ParameterSuffix(set)))
                {
                    result.Add(set);
                }
            }
            return result;
        }
        IEnumerable<Dictionary<string, string>> product = new[] { new Dictionary<string, string>(StringComparer.Ordinal) };
        foreach (SweepParameter p in applicable)
        {
            IReadOnlyList<string> values = p.ProductValues(Seed);
            product = product.SelectMany(set => values.Select(v => new Dictionary<string, string>(set, StringComparer.Ordinal) { [p.Name] = v }));
        }
        result.AddRange(product);
        return result;
    }

    /// <summary>Reads a sweep file; throws <see cref="InputException"/> with every problem, each at its line.</summary>
    public static SweepFile Load(string path)
    {
        var syntax = new List<InputError>();
        YamlNode? rootNode = YamlContext.LoadRoot(path, InputFiles.ReadText(path, "sweep"), syntax);
        if (syntax.Count > 0)
        {
            throw new InputException(syntax);
        }
        var errors = new List<InputError>();
        SourceLocation Where(YamlNode n) => new(path, (int)n.Start.Line, (int)n.Start.Column);
        void Error(YamlNode n, string message) => errors.Add(new InputError(Where(n), message));

        if (rootNode is not YamlMappingNode root)
        {
            throw new InputException(new SourceLocation(path, 1, 1), "a sweep file is a mapping with 'parameters:' (and optionally 'seed:', 'combine:', 'samples:')");
        }
        ulong seed = 0;
        string combine = "product";
        int? samples = null;
        YamlNode? combineNode = null, samplesNode = null;
        var parameters = new List<SweepParameter>();
        bool hasParameters = false;
        foreach ((YamlNode keyNode, YamlNode value) in root.Children)
        {
            string key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!Top.Has(key))
            {
                Error(keyNode, $"unknown key '{key}' in a sweep file{Suggestions.Hint(key, Top.Keys.Select(k => k.Name))}; expected one of: {string.Join(", ", Top.Keys.Select(k => k.Name))}");
                continue;
            }
            switch (key)
            {
                case "seed":
                    if (Scalar(value) is not { } s || !ulong.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
                    {
                        Error(value, "'seed' must be a non-negative integer");
                    }
                    break;
                case "combine":
                    combineNode = value;
                    combine = Scalar(value) ?? "";
                    if (combine is not ("product" or "samples"))
                    {
                        Error(value, $"'combine' is 'product' or 'samples', not '{combine}'");
                    }
                    break;
                case "samples":
                    samplesNode = value;
                    if (Scalar(value) is not { } c || !int.TryParse(c, NumberStyles.Integer, CultureInfo.InvariantCulture, out int count) || count < 1 || count > MaxValues)
                    {
                        Error(value, $"'samples' must be a whole number from 1 to {MaxValues}");
                    }
                    else
                    {
                        samples = count;
                    }
                    break;
                case "parameters":
                    hasParameters = true;
                    if (value is not YamlMappingNode pm || pm.Children.Count == 0)
                    {
                        Error(value, "'parameters' maps parameter names to a range {from, to, step}, a list [a, b], or a draw {uniform: {min, max}} / {normal: {mean, sd}}");
                        break;
                    }
                    foreach ((YamlNode nameNode, YamlNode spec) in pm.Children)
                    {
                        string name = (nameNode as YamlScalarNode)?.Value ?? "";
                        if (name.Length == 0 || name.Contains('='))
                        {
                            Error(nameNode, $"'{name}' is not a parameter name");
                            continue;
                        }
                        if (ReadParameter(name, spec, Where, Error) is { } p)
                        {
                            parameters.Add(p);
                        }
                    }
                    break;
                default:
                    throw new InvalidOperationException($"the sweep table declares '{key}' but its reader does not read it");
            }
        }
        if (!hasParameters)
        {
            Error(root, "a sweep file needs 'parameters:'");
        }
        if (combine == "samples" && samples is null && samplesNode is null)
        {
            Error(combineNode ?? root, "'combine: samples' needs 'samples: N' (the number of random combinations)");
        }
        if (combine == "product" && combineNode is not null && samplesNode is not null)
        {
            Error(samplesNode, "'samples' is for 'combine: samples'; a product takes every combination");
        }
        if (samples is not null || combine == "samples")
        {
            // Random combinations draw one value per sample: a per-parameter count has no meaning there.
            foreach (SweepParameter p in parameters)
            {
                if (p is UniformParameter { Count: > 1 } or NormalParameter { Count: > 1 })
                {
                    errors.Add(new InputError(p.Where, $"'{p.Name}': 'count' is for 'combine: product'; with 'samples' each combination draws one value"));
                }
            }
        }
        if (samples is null && errors.Count == 0)
        {
            // Every combination becomes a run: bound the product before anything is expanded.
            double runs = parameters.Aggregate(1.0, (n, p) => n * p switch
            {
                RangeParameter r => r.Count,
                ListParameter l => l.Values.Count,
                UniformParameter u => u.Count,
                NormalParameter g => g.Count,
                _ => 1,
            });
            if (runs > MaxValues)
            {
                errors.Add(new InputError(Where(root), $"the product of the parameters' values is {runs:G3} runs; more than {MaxValues} is surely a mistake (use 'combine: samples' to draw some)"));
            }
        }
        if (errors.Count > 0)
        {
            throw new InputException(errors);
        }
        return new SweepFile(path, seed, samples, parameters);
    }

    private static string? Scalar(YamlNode n) => (n as YamlScalarNode)?.Value;

    private static SweepParameter? ReadParameter(string name, YamlNode spec, Func<YamlNode, SourceLocation> where, Action<YamlNode, string> error)
    {
        if (spec is YamlSequenceNode seq)
        {
            var values = new List<string>();
            foreach (YamlNode item in seq.Children)
            {
                if (Scalar(item) is { Length: > 0 } v)
                {
                    values.Add(v);
                }
                else
                {
                    error(item, $"'{name}': list items must be single values");
                }
            }
            if (values.Count == 0)
            {
                error(spec, $"'{name}': the list is empty");
                return null;
            }
            if (values.Distinct(StringComparer.Ordinal).Count() != values.Count)
            {
                error(spec, $"'{name}': the list repeats a value (each value is one run id)");
                return null;
            }
            return new ListParameter(name, where(spec), values);
        }
        if (spec is not YamlMappingNode map)
        {
            error(spec, $"'{name}': expected a range {{from, to, step}}, a list [a, b], or a draw {{uniform: {{min, max}}}} / {{normal: {{mean, sd}}}}");
            return null;
        }
        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach ((YamlNode k, YamlNode v) in map.Children)
        {
            fields[(k as YamlScalarNode)?.Value ?? ""] = v;
        }
        bool failed = false;
        double Number(YamlNode parent, IReadOnlyDictionary<string, YamlNode> f, YamlObject shape, string key)
        {
            if (!shape.Has(key))
            {
                throw new InvalidOperationException($"the sweep reader reads '{key}', which '{shape.Name}' does not declare");
            }
            if (!f.TryGetValue(key, out YamlNode? n))
            {
                error(parent, $"'{name}': missing '{key}'");
                failed = true;
                return 0;
            }
            if (Scalar(n) is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))
            {
                return d;
            }
            error(n, $"'{name}': '{key}' must be a number");
            failed = true;
            return 0;
        }
        bool Only(YamlNode node, IReadOnlyDictionary<string, YamlNode> f, YamlObject shape)
        {
            foreach (string k in f.Keys.Where(k => !shape.Has(k)))
            {
                error(node, $"'{name}': unknown key '{k}'{Suggestions.Hint(k, shape.Keys.Select(x => x.Name))}; expected {string.Join(", ", shape.Keys.Select(x => x.Name))}");
                failed = true;
            }
            return !failed;
        }
        int Count()
        {
            if (!fields.TryGetValue("count", out YamlNode? n))
            {
                return 1;
            }
            if (Scalar(n) is { } s && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int c) && c >= 1 && c <= MaxValues)
            {
                return c;
            }
            error(n, $"'{name}': 'count' must be a whole number from 1 to {MaxValues}");
            failed = true;
            return 1;
        }
        if (fields.ContainsKey("from") || fields.ContainsKey("to") || fields.ContainsKey("step"))
        {
            Only(spec, fields, RangeShape);
            double from = Number(spec, fields, RangeShape, "from"), to = Number(spec, fields, RangeShape, "to"), step = Number(spec, fields, RangeShape, "step");
            if (failed)
            {
                return null;
            }
            if (step <= 0 || to < from)
            {
                error(spec, $"'{name}': a range needs step > 0 and to >= from");
                return null;
            }
            // Counted in doubles: (to - from) / step overflows an int (step 1e-300) or is infinite (to 1e308, from -1e308).
            double values = Math.Floor((to - from) / step + 1e-9) + 1;
            if (!(values <= MaxValues))
            {
                error(spec, $"'{name}': the range has {values:G3} values; more than {MaxValues} is surely a mistake in 'step'");
                return null;
            }
            return new RangeParameter(name, where(spec), from, to, step);
        }
        if (fields.TryGetValue("uniform", out YamlNode? uniform))
        {
            Only(spec, fields, UniformShape);
            int count = Count();
            if (uniform is not YamlMappingNode um)
            {
                error(uniform, $"'{name}': 'uniform' is {{min: A, max: B}}");
                return null;
            }
            Dictionary<string, YamlNode> uf = um.Children.ToDictionary(kv => (kv.Key as YamlScalarNode)?.Value ?? "", kv => kv.Value, StringComparer.Ordinal);
            Only(uniform, uf, UniformBounds);
            double min = Number(uniform, uf, UniformBounds, "min"), max = Number(uniform, uf, UniformBounds, "max");
            if (failed)
            {
                return null;
            }
            if (max < min)
            {
                error(uniform, $"'{name}': 'uniform' needs max >= min");
                return null;
            }
            return new UniformParameter(name, where(spec), min, max, count);
        }
        if (fields.TryGetValue("normal", out YamlNode? normal))
        {
            Only(spec, fields, NormalShape);
            int count = Count();
            if (normal is not YamlMappingNode nm)
            {
                error(normal, $"'{name}': 'normal' is {{mean: M, sd: S}}");
                return null;
            }
            Dictionary<string, YamlNode> nf = nm.Children.ToDictionary(kv => (kv.Key as YamlScalarNode)?.Value ?? "", kv => kv.Value, StringComparer.Ordinal);
            Only(normal, nf, NormalMoments);
            double mean = Number(normal, nf, NormalMoments, "mean"), sd = Number(normal, nf, NormalMoments, "sd");
            if (failed)
            {
                return null;
            }
            if (sd < 0)
            {
                error(normal, $"'{name}': 'sd' must be >= 0");
                return null;
            }
            return new NormalParameter(name, where(spec), mean, sd, count);
        }
        error(spec, $"'{name}': expected a range {{from, to, step}}, a list [a, b], or a draw {{uniform: {{min, max}}}} / {{normal: {{mean, sd}}}}");
        return null;
    }
}
