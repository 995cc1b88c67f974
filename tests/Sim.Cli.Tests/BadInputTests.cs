using System.Text.RegularExpressions;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>`sim run` with bad input: exit 2, a located error on stderr, no output files.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class BadInputTests
{
    /// <summary>Case name -> (scenario text or null for the real cut-in, extra args, the first stderr line's pattern).</summary>
    public static TheoryData<string> Cases => new()
    {
        "yaml_key_typo", "yaml_indent", "yaml_unclosed_flow_mapping", "bad_value", "missing_file", "step_zero", "step_negative", "threads_zero",
        "param_without_equals", "param_unknown", "param_bad_value",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_exits_2_with_located_error_and_no_outputs(string name)
    {
        using var dir = new TempDir();
        (string scenario, string[] extra, string pattern) = Case(name, dir);
        string outDir = dir.File("out");
        CliResult r = SimCli.InProcess(new[] { "run", scenario, "--out", outDir, "--quiet" }.Concat(extra).ToArray());

        Assert.True(r.ExitCode == 2, r.ToString());
        string first = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].TrimEnd('\r');
        Assert.Matches(pattern, first);
        Assert.DoesNotContain("Exception", r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
        AssertNoOutputs(outDir);
    }

    internal static (string Scenario, string[] Extra, string Pattern) Case(string name, TempDir dir)
    {
        string cutIn = ScenarioText.CutIn();
        string Write(string text) => dir.Write(name + ".yaml", text);
        string Sub(string old, string replacement)
        {
            Assert.Contains(old, cutIn);
            return cutIn.Replace(old, replacement, StringComparison.Ordinal);
        }
        string Loc(string file, int line, int col) => "^" + Regex.Escape(file) + $":{line}:{col}: error: ";
        // The line of the first occurrence of a text, counted here rather than written down: the file's first line names its schema.
        int LineAt(string text) => cutIn[..cutIn.IndexOf(text, StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        switch (name)
        {
            case "yaml_key_typo":
            {
                // "    speed: $ego_speed" of the ego; the key starts at column 5.
                string f = Write(Sub("    speed: $ego_speed", "    sped: $ego_speed"));
                return (f, Array.Empty<string>(), Loc(f, LineAt("    speed: $ego_speed"), 5) + "unknown key 'sped'.*did you mean 'speed'");
            }
            case "yaml_indent":
            {
                // "    type: car" of the ego indented by three spaces: the block list breaks there.
                string f = Write(Sub("    type: car\n    position: {road: highway, lane: -2", "   type: car\n    position: {road: highway, lane: -2"));
                return (f, Array.Empty<string>(), Loc(f, LineAt("    type: car\n    position: {road: highway, lane: -2"), 4) + "YAML syntax");
            }
            case "yaml_unclosed_flow_mapping":
            {
                // YamlDotNet throws InvalidOperationException (not YamlException) on this one.
                string f = Write(Sub("position: {road: highway, lane: -2, s: 50}", "position: {road: highway, lane: -2, s: 50"));
                return (f, Array.Empty<string>(), "^" + Regex.Escape(f) + @":\d+:\d+: error: YAML syntax");
            }
            case "bad_value":
            {
                string f = Write(Sub("duration: 25", "duration: -25"));
                return (f, Array.Empty<string>(), Loc(f, LineAt("duration: 25"), 11) + ".*duration");
            }
            case "missing_file":
            {
                string f = dir.File("does_not_exist.yaml");
                // No line for a file that is not there: the location is the file itself.
                return (f, Array.Empty<string>(), "^" + Regex.Escape(f) + @"(:\d+:\d+)?: error: .*not found");
            }
            case "step_zero":
                return (Repo.CutIn, new[] { "--step", "0" }, "^--step: error: ");
            case "step_negative":
                return (Repo.CutIn, new[] { "--step", "-0.01" }, "^--step: error: ");
            case "threads_zero":
                return (Repo.CutIn, new[] { "--threads", "0" }, "^--threads: error: ");
            case "param_without_equals":
                return (Repo.CutIn, new[] { "--param", "x" }, "^--param: error: 'x' is not NAME=VALUE");
            case "param_unknown":
                return (Repo.CutIn, new[] { "--param", "ego_sped=20" }, "^--param: error: 'ego_sped' is not a parameter.*ego_speed");
            case "param_bad_value":
                // The value is checked where the parameter is used: the ego's speed, column 12.
                return (Repo.CutIn, new[] { "--param", "ego_speed=fast" }, Loc(Repo.CutIn, LineAt("    speed: $ego_speed"), 12) + "'speed' must be a number, not 'fast'");
            default:
                throw new ArgumentException(name);
        }
    }

    internal static void AssertNoOutputs(string outDir)
    {
        foreach (string f in new[] { "result.json", "trajectories.csv", "kpi_series.csv", "scene.json" }.SelectMany(f => new[] { f, f + ".partial" }))
        {
            Assert.False(File.Exists(Path.Combine(outDir, f)), $"{f} was left in {outDir}");
        }
    }

    [Fact]
    public void Bad_input_leaves_an_earlier_runs_outputs_alone()
    {
        // Inputs are read before outputs are touched (issue 16): a rerun with a typo says exit 2 and
        // leaves the last good run's files as they were, rather than deleting them.
        using var dir = new TempDir();
        string outDir = dir.File("out");
        Assert.Equal(0, SimCli.InProcess("run", Repo.CutIn, "--out", outDir, "--quiet").ExitCode);
        string before = File.ReadAllText(Path.Combine(outDir, "result.json"));

        CliResult r = SimCli.InProcess("run", Repo.CutIn, "--out", outDir, "--quiet", "--param", "ego_speed=fast");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal(before, File.ReadAllText(Path.Combine(outDir, "result.json")));
    }

    [Fact]
    public void Out_path_that_is_a_file_is_a_located_error_not_a_crash()
    {
        using var dir = new TempDir();
        string notADir = dir.Write("taken", "x");
        CliResult r = SimCli.InProcess("run", Repo.CutIn, "--out", notADir, "--quiet");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Matches("^" + Regex.Escape(notADir) + ".*: error: ", r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    [Fact]
    public void Unknown_option_and_missing_argument_exit_2()
    {
        CliResult unknown = SimCli.InProcess("run", Repo.CutIn, "--frobnicate");
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("error: ", unknown.StdErr);
        Assert.Contains("--frobnicate", unknown.StdErr);

        CliResult missing = SimCli.InProcess("run");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("error: ", missing.StdErr);
    }
}
