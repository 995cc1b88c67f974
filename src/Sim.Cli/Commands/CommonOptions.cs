using System.CommandLine;
using System.Globalization;

namespace Sim.Cli.Commands;

/// <summary>Options shared by the verbs that load scenarios.</summary>
internal static class CommonOptions
{
    public static Option<string[]> Params() => new("--param")
    {
        Description = "Override a scenario parameter: NAME=VALUE (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

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
