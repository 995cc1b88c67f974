using System.Diagnostics;

namespace Mcap.Tests;

/// <summary>
/// A test that needs node and tools/mcap-check/node_modules (npm ci there): skipped with the reason when absent,
/// run (and so failing) when SIM_REQUIRE_ALL=1.
/// </summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") != "1" && McapCheck.Missing() is { } why)
        {
            Skip = why + " (install node and run `npm ci` in tools/mcap-check; set SIM_REQUIRE_ALL=1 to make this a failure)";
        }
    }
}

/// <summary>Runs tools/mcap-check/check.mjs, the official TypeScript MCAP reader, on a file.</summary>
internal static class McapCheck
{
    public static string Dir => Path.Combine(RepoRoot.Path, "tools", "mcap-check");

    public static string? Missing()
    {
        if (FindNode() is null)
        {
            return "node not found on PATH";
        }
        return Directory.Exists(Path.Combine(Dir, "node_modules", "@mcap", "core")) ? null : Path.Combine(Dir, "node_modules") + " missing";
    }

    public static (int Code, string Out, string Err) Run(string mcapFile)
    {
        string node = FindNode() ?? "node";
        ProcessStartInfo psi = new(node) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Dir };
        psi.ArgumentList.Add(Path.Combine(Dir, "check.mjs"));
        psi.ArgumentList.Add(mcapFile);
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

    private static string? FindNode()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, OperatingSystem.IsWindows() ? "node.exe" : "node");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}

/// <summary>The repository root, found by walking up from the test assembly to Simulation.sln.</summary>
internal static class RepoRoot
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(d.FullName, "Simulation.sln")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException($"Simulation.sln not found above {AppContext.BaseDirectory}");
    });

    public static string Path => Root.Value;
}
