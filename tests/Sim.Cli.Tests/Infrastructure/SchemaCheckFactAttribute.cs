namespace Sim.Cli.Tests.Infrastructure;

/// <summary>
/// A test that needs node and tools/schema-check/node_modules (npm ci there): skipped with the reason
/// when absent, run (and so failing) when SIM_REQUIRE_ALL=1.
/// </summary>
public sealed class SchemaCheckFactAttribute : FactAttribute
{
    public SchemaCheckFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") != "1" && SchemaCheck.Missing() is { } why)
        {
            Skip = why + " (install node and run `npm ci` in tools/schema-check; set SIM_REQUIRE_ALL=1 to make this a failure)";
        }
    }
}

/// <summary>Runs tools/schema-check/check.mjs (Ajv) on YAML files: each against the schema its modeline names.</summary>
internal static class SchemaCheck
{
    private static readonly NodeTool Tool = new("schema-check", "ajv");

    public static string? Missing() => Tool.Missing();

    public static (int Code, string Out, string Err) Run(IEnumerable<string> files) => Tool.Run(TimeSpan.FromSeconds(120), "check.mjs", files.ToArray());
}
