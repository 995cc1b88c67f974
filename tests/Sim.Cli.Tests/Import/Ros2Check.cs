using System.Diagnostics;
using System.Text.Json;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests.Import;

/// <summary>
/// tools/ros2-check: Foxglove's official ROS 2 serializer and deserializer in node, writing bags for
/// `sim import ros2` and decoding what the simulator exports.
/// </summary>
internal static class Ros2Check
{
    public static string Dir => Path.Combine(Repo.Root, "tools", "ros2-check");

    public static string? Missing()
    {
        if (Node() is null)
        {
            return "node not found on PATH";
        }
        return Directory.Exists(Path.Combine(Dir, "node_modules", "@foxglove", "rosmsg2-serialization")) ? null : Path.Combine(Dir, "node_modules") + " missing";
    }

    /// <summary>Runs a script of tools/ros2-check; fails the test when it fails.</summary>
    public static string Run(string script, params string[] args)
    {
        var psi = new ProcessStartInfo(Node() ?? "node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Dir };
        psi.ArgumentList.Add(Path.Combine(Dir, script));
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using Process p = Process.Start(psi)!;
        Task<string> err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(120_000))
        {
            p.Kill();
            throw new TimeoutException($"node {script} did not finish in 120 s");
        }
        Assert.True(p.ExitCode == 0, $"node {script} failed ({p.ExitCode}): {err.Result}{output}");
        return output;
    }

    public static JsonDocument Json(string script, params string[] args) => JsonDocument.Parse(Run(script, args));

    private static string? Node()
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "node")).FirstOrDefault(File.Exists);
}

/// <summary>A test needing node and tools/ros2-check/node_modules (npm ci there): skipped with the reason, unless SIM_REQUIRE_ALL=1.</summary>
internal sealed class Ros2CheckFactAttribute : FactAttribute
{
    public Ros2CheckFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") != "1" && Ros2Check.Missing() is { } why)
        {
            Skip = why + " (install node and run `npm ci` in tools/ros2-check; set SIM_REQUIRE_ALL=1 to make this a failure)";
        }
    }
}
