using System.Text.Json;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests.Import;

/// <summary>
/// tools/ros2-check: Foxglove's official ROS 2 serializer and deserializer in node, writing bags for
/// `sim import ros2` and decoding what the simulator exports.
/// </summary>
internal static class Ros2Check
{
    private static readonly NodeTool Tool = new("ros2-check", Path.Combine("@foxglove", "rosmsg2-serialization"));

    public static string Dir => Tool.Dir;

    public static string? Missing() => Tool.Missing();

    /// <summary>Runs a script of tools/ros2-check; fails the test when it fails.</summary>
    public static string Run(string script, params string[] args)
    {
        (int code, string output, string err) = Tool.Run(TimeSpan.FromSeconds(120), script, args);
        Assert.True(code == 0, $"node {script} failed ({code}): {err}{output}");
        return output;
    }

    public static JsonDocument Json(string script, params string[] args) => JsonDocument.Parse(Run(script, args));
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
