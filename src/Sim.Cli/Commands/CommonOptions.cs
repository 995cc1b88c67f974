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

        public Option<EgoDriverMode> EgoDriver { get; } = new("--ego-driver")
        {
            Description = "OpenSCENARIO: who drives the ego: Reference (the built-in driver) or Scenario (the storyboard, as esmini plays the file)",
            DefaultValueFactory = _ => EgoDriverMode.Reference,
        };

        public Option<bool> Strict { get; } = new("--strict") { Description = "Unsupported OpenSCENARIO elements, and camera sensors without a Vulkan driver, are errors instead of warnings" };

        public void AddTo(Command command)
        {
            command.Options.Add(Params);
            command.Options.Add(Ego);
            command.Options.Add(EgoDriver);
            command.Options.Add(Strict);
        }

        /// <summary>The options, or null (after printing the error) when --param is malformed.</summary>
        public LoadOptions? Read(ParseResult r)
        {
            Dictionary<string, string>? overrides = ParseParams(r.GetValue(Params));
            return overrides is null ? null : new LoadOptions
            {
                Parameters = overrides,
                Ego = r.GetValue(Ego),
                EgoDriver = r.GetValue(EgoDriver),
                Strict = r.GetValue(Strict),
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
