using System.CommandLine;
using System.Globalization;
using SimCore.Diagnostics;
using SimCore.OpenScenario;
using SimCore.Scenarios;

namespace Sim.Cli.Commands;

/// <summary>Options shared by the verbs that load scenarios.</summary>
internal static class CommonOptions
{
    public static Option<string[]> Params() => new("--param")
    {
        Description = "Override a scenario parameter: NAME=VALUE (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The loading options every scenario verb takes: parameters and the OpenSCENARIO ego.</summary>
    internal sealed class Loading
    {
        public Option<string[]> Params { get; } = CommonOptions.Params();

        public Option<string?> Ego { get; } = new("--ego") { Description = "OpenSCENARIO: the ego entity (default: Ego, ego or hero)" };

        public Option<string> EgoDriver { get; } = new("--ego-driver")
        {
            Description = "Who drives the ego: Reference (the built-in driver on ground truth), Scenario (OpenSCENARIO: the storyboard, as esmini plays the file), or onnx:SPEC (the reference planner on what a perception model detects; docs/perception-models.md)",
            DefaultValueFactory = _ => "Reference",
        };

        /// <summary>The model spec of `--ego-driver onnx:SPEC`, or null.</summary>
        public string? ModelSpec(ParseResult r)
            => r.GetValue(EgoDriver) is { } v && v.StartsWith("onnx:", StringComparison.OrdinalIgnoreCase) ? v["onnx:".Length..] : null;

        public Option<bool> Strict { get; } = new("--strict") { Description = "Unsupported OpenSCENARIO elements, and camera sensors without a Vulkan driver, are errors instead of warnings" };

        public Option<string> Criteria { get; } = new("--criteria")
        {
            Description = "OpenSCENARIO verdict: 'default' adds the criterion ego_no_collision (an OpenSCENARIO file has none of its own), 'none' judges nothing. YAML scenarios keep their own criteria",
            DefaultValueFactory = _ => "default",
        };

        public void AddTo(Command command)
        {
            command.Options.Add(Params);
            command.Options.Add(Ego);
            command.Options.Add(EgoDriver);
            command.Options.Add(Strict);
            command.Options.Add(Criteria);
        }

        /// <summary>The options, or null (after printing the error) when --param or --ego-driver is malformed.</summary>
        public LoadOptions? Read(ParseResult r)
        {
            Dictionary<string, string>? overrides = ParseParams(r.GetValue(Params));
            string driver = r.GetValue(EgoDriver) ?? "Reference";
            EgoDriverMode? mode = ModelSpec(r) is { Length: > 0 } ? EgoDriverMode.Reference
                : Enum.TryParse(driver, ignoreCase: true, out EgoDriverMode m) && !driver.Any(char.IsDigit) ? m : null;
            if (mode is null)
            {
                Console.Error.WriteLine($"--ego-driver: error: '{driver}' is not Reference, Scenario or onnx:SPEC");
                return null;
            }
            string criteria = r.GetValue(Criteria) ?? "default";
            if (criteria is not ("default" or "none"))
            {
                Console.Error.WriteLine($"--criteria: error: '{criteria}' is not default or none");
                return null;
            }
            return overrides is null ? null : new LoadOptions
            {
                Parameters = overrides,
                Ego = r.GetValue(Ego),
                EgoDriver = mode.Value,
                Strict = r.GetValue(Strict),
                DefaultCriteria = criteria == "default",
            };
        }
    }

    /// <summary>Prints problems (errors or warnings) one per line on standard error.</summary>
    public static void Print(IEnumerable<InputError> problems)
    {
        foreach (InputError e in problems)
        {
            Console.Error.WriteLine(e.ToString());
        }
    }

    /// <summary>Parses NAME=VALUE pairs; returns null and prints an error on a malformed one.</summary>
    public static Dictionary<string, string>? ParseParams(string[]? values)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string p in values ?? Array.Empty<string>())
        {
            int eq = p.IndexOf('=');
            if (eq <= 0)
            {
                Console.Error.WriteLine($"--param: error: '{p}' is not NAME=VALUE");
                return null;
            }
            result[p[..eq]] = p[(eq + 1)..];
        }
        return result;
    }

    public static string Format(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);
}
