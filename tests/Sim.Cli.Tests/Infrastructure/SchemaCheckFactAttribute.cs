using System.Diagnostics;

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
    public static string Dir => Path.Combine(Repo.Root, "tools", "schema-check");

    public static string? Missing()
    {
        if (Node() is null)
        {
            return "node not found on PATH";
        }
        return Directory.Exists(Path.Combine(Dir, "node_modules", "ajv")) ? null : Path.Combine(Dir, "node_modules") + " missing";
    }

    public static (int Code, string Out, string Err) Run(IEnumerable<string> files)
    {
        var psi = new ProcessStartInfo(Node() ?? "node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Dir };
        psi.ArgumentList.Add(Path.Combine(Dir, "check.mjs"));
        foreach (string f in files)
        {
            psi.ArgumentList.Add(f);
        }
        using Process p = Process.Start(psi)!;
        Task<string> err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(120_000))
        {
            p.Kill();
            throw new TimeoutException("node check.mjs did not finish in 120 s");
        }
        return (p.ExitCode, output, err.Result);
    }

    private static string? Node()
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, OperatingSystem.IsWindows() ? "node.exe" : "node")).FirstOrDefault(File.Exists);
}
