using SimCore.Diagnostics;
using SimCore.OpenScenario;
using SimCore.Simulation;

namespace SimCore.Scenarios;

/// <summary>Options for loading a scenario file of either format.</summary>
public sealed record LoadOptions
{
    /// <summary>Values that replace declared parameters.</summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    /// <summary>OpenSCENARIO: name of the ego entity (default Ego, ego or hero).</summary>
    public string? Ego { get; init; }

    /// <summary>OpenSCENARIO: who drives the ego (the reference driver, or the storyboard as in esmini).</summary>
    public EgoDriverMode EgoDriver { get; init; } = EgoDriverMode.Reference;

    /// <summary>OpenSCENARIO: unsupported elements are errors instead of warnings.</summary>
    public bool Strict { get; init; }

    /// <summary>Seed of stochastic parameter value distributions that give no randomSeed of their own (the run's seed).</summary>
    public ulong Seed { get; init; }

    /// <summary>OpenSCENARIO: add the default criterion ego_no_collision (false: `--criteria none`). YAML scenarios keep their own criteria either way.</summary>
    public bool DefaultCriteria { get; init; } = true;
}

/// <summary>Loads a scenario by its file type: native YAML (.yaml, .yml) or OpenSCENARIO (.xosc).</summary>
public static class ScenarioFiles
{
    /// <summary>True for file names this loader reads.</summary>
    public static bool IsScenarioFile(string path) => Extension(path) is ".yaml" or ".yml" or ".xosc";

    /// <summary>Loads and validates a scenario file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Parameters and OpenSCENARIO options.</param>
    /// <param name="warnings">Receives warnings (unsupported elements); null ignores them.</param>
    /// <exception cref="InputException">The file is missing, of an unknown type, or invalid.</exception>
    public static Scenario Load(string path, LoadOptions? options = null, List<InputError>? warnings = null)
    {
        options ??= new LoadOptions();
        warnings ??= new List<InputError>();
        return Extension(path) switch
        {
            ".yaml" or ".yml" => CheckEgo(ScenarioLoader.Load(path, options.Parameters, warnings), options.Ego),
            ".xosc" when ParameterDistribution.IsDistributionFile(path) => LoadFirstRun(path, options, warnings),
            ".xosc" => OpenScenarioReader.Load(path, options.Parameters,
                new OpenScenarioOptions { EgoName = options.Ego, EgoDriver = options.EgoDriver, Strict = options.Strict, DefaultCriteria = options.DefaultCriteria }, warnings),
            _ => throw new InputException(new SourceLocation(path, 0, 0), "unknown scenario file type: expected .yaml, .yml or .xosc"),
        };
    }

    /// <summary>A YAML scenario's ego is the entity with 'driver:': --ego may only name that one, never be ignored.</summary>
    private static Scenario CheckEgo(Scenario scenario, string? ego)
    {
        if (ego is null)
        {
            return scenario;
        }
        string? own = scenario.Entities.FirstOrDefault(e => e.Driver != DriverKind.None)?.Name;
        if (own != ego)
        {
            throw new InputException(new SourceLocation("--ego", 0, 0), own is null
                ? $"'{ego}': a YAML scenario's ego is the entity with 'driver:', and {Path.GetFileName(scenario.SourceFile)} has none"
                : $"'{ego}' is not the ego of {Path.GetFileName(scenario.SourceFile)}: a YAML scenario's ego is the entity with 'driver:' ('{own}'); --ego chooses among the entities of an OpenSCENARIO file");
        }
        return scenario;
    }

    /// <summary>
    /// A parameter value distribution plays its first run (values given in <see cref="LoadOptions.Parameters"/>
    /// still win), with a note that says so; `sim batch` plays them all.
    /// </summary>
    private static Scenario LoadFirstRun(string path, LoadOptions options, List<InputError> warnings)
    {
        ParameterDistribution d = ParameterDistribution.Load(path, options.Seed);
        var values = new Dictionary<string, string>(d.Assignments[0], StringComparer.Ordinal);
        foreach ((string k, string v) in options.Parameters ?? new Dictionary<string, string>())
        {
            values[k] = v;
        }
        string first = string.Join(", ", d.Assignments[0].Select(kv => $"{kv.Key}={kv.Value}"));
        warnings.Add(InputError.Note(new SourceLocation(path, 0, 0),
            $"a parameter value distribution of {d.Assignments.Count} run{(d.Assignments.Count == 1 ? string.Empty : "s")} over {Path.GetFileName(d.ScenarioFile)}: "
            + $"playing the first ({first}); `sim batch {Path.GetFileName(path)}` runs them all"));
        return Load(d.ScenarioFile, options with { Parameters = values }, warnings);
    }

    /// <summary>
    /// Checks a scenario without running it: loads it and places its entities. A parameter value
    /// distribution is checked run by run (each assignment against the scenario's constraints);
    /// an error of a run says which. Returns every error (empty when valid).
    /// </summary>
    public static IReadOnlyList<InputError> Validate(string path, LoadOptions? options = null, List<InputError>? warnings = null)
    {
        options ??= new LoadOptions();
        if (Extension(path) == ".xosc" && ParameterDistribution.IsDistributionFile(path))
        {
            return ValidateRuns(path, options, warnings);
        }
        try
        {
            _ = new Simulator(Load(path, options, warnings));
            return Array.Empty<InputError>();
        }
        catch (InputException e)
        {
            return e.Errors;
        }
    }

    private static IReadOnlyList<InputError> ValidateRuns(string path, LoadOptions options, List<InputError>? warnings)
    {
        ParameterDistribution d;
        try
        {
            d = ParameterDistribution.Load(path, options.Seed);
        }
        catch (InputException e)
        {
            return e.Errors;
        }
        var errors = new List<InputError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < d.Assignments.Count; i++)
        {
            var values = new Dictionary<string, string>(d.Assignments[i], StringComparer.Ordinal);
            foreach ((string k, string v) in options.Parameters ?? new Dictionary<string, string>())
            {
                values[k] = v;
            }
            // Warnings are the scenario's, the same for every run: report them once.
            List<InputError>? runWarnings = i == 0 ? warnings : null;
            foreach (InputError e in Validate(d.ScenarioFile, options with { Parameters = values }, runWarnings))
            {
                string run = string.Join(", ", d.Assignments[i].Select(kv => $"{kv.Key}={kv.Value}"));
                if (seen.Add(e.ToString()))
                {
                    errors.Add(e with { Message = $"{e.Message} (run {i + 1} of {Path.GetFileName(path)}: {run})" });
                }
            }
        }
        return errors;
    }

    private static string Extension(string path) => Path.GetExtension(path).ToLowerInvariant();
}
