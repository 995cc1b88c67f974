using System.Text.Json;
using System.Text.RegularExpressions;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>The built `sim` as a separate process (`dotnet sim.dll`): real exit codes, real stdout and stderr.</summary>
public sealed class ProcessTests
{
    [Fact]
    public void Run_pass_exits_0_with_a_summary_on_stdout_and_nothing_on_stderr()
    {
        using var dir = new TempDir();
        // Relative paths, as a user types them, from the repository root.
        CliResult r = SimCli.Process(Repo.Root, "run", "scenarios/highway_cut_in.yaml", "--out", dir.File("out"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("PASS", r.StdOut);
        Assert.Contains("highway_cut_in", r.StdOut);
        Assert.Equal(string.Empty, r.StdErr);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(dir.File("out/result.json")));
        Assert.Equal("pass", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal("scenarios/highway_cut_in.yaml", doc.RootElement.GetProperty("file").GetString());
    }

    [Fact]
    public void Run_failing_criterion_exits_1()
    {
        using var dir = new TempDir();
        string scenario = dir.Write("strict.yaml", ScenarioText.CutInFailing());
        CliResult r = SimCli.Process(dir.Path, "run", "strict.yaml", "--out", "out", "--quiet");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal(string.Empty, r.StdOut);
        Assert.True(File.Exists(dir.File("out/result.json")));
    }

    [Fact]
    public void Run_yaml_typo_exits_2_with_file_line_col_on_stderr_and_no_outputs()
    {
        using var dir = new TempDir();
        string text = ScenarioText.CutIn().Replace("    speed: $ego_speed", "    sped: $ego_speed", StringComparison.Ordinal);
        dir.Write("typo.yaml", text);
        CliResult r = SimCli.Process(dir.Path, "run", "typo.yaml", "--out", "out");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal($"typo.yaml:{ScenarioText.LineOf(text, "    sped:")}:5: error: unknown key 'sped' in entity 'ego' (did you mean 'speed'?)", r.StdErr.Trim());
        Assert.Equal(string.Empty, r.StdOut);
        BadInputTests.AssertNoOutputs(dir.File("out"));
    }

    [Theory]
    [InlineData("--step", "0", "^--step: error: ")]
    [InlineData("--threads", "0", "^--threads: error: ")]
    [InlineData("--param", "x", "^--param: error: ")]
    [InlineData("--param", "nope=1", "^--param: error: 'nope' is not a parameter")]
    [InlineData("--step", "abc", "--step: error: 'abc' is not a number")]
    public void Run_bad_option_exits_2(string option, string value, string pattern)
    {
        using var dir = new TempDir();
        CliResult r = SimCli.Process(Repo.Root, "run", "scenarios/highway_cut_in.yaml", "--out", dir.File("out"), option, value);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Matches(new Regex(pattern, RegexOptions.Multiline), r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
        BadInputTests.AssertNoOutputs(dir.File("out"));
    }

    [Fact]
    public void Run_unclosed_flow_mapping_exits_2_not_a_crash()
    {
        using var dir = new TempDir();
        dir.Write("unclosed.yaml", ScenarioText.CutIn().Replace("s: 50}", "s: 50", StringComparison.Ordinal));
        CliResult r = SimCli.Process(dir.Path, "run", "unclosed.yaml", "--out", "out");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Matches(@"^unclosed\.yaml:\d+:\d+: error: ", r.StdErr);
        BadInputTests.AssertNoOutputs(dir.File("out"));
    }

    [Fact]
    public void Validate_exits_0_then_2()
    {
        CliResult ok = SimCli.Process(Repo.Root, "validate", "scenarios/highway_cut_in.yaml");
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Equal("ok: scenarios/highway_cut_in.yaml", ok.StdOut.Trim());

        CliResult bad = SimCli.Process(Repo.Root, "validate", "scenarios/roads/highway_3lane.yaml");
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Matches(@"^scenarios/roads/highway_3lane\.yaml:\d+:\d+: error: ", bad.StdErr);
    }

    [Fact]
    public void Help_exits_0_and_lists_the_verbs()
    {
        CliResult r = SimCli.Process(Repo.Root, "--help");
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (string verb in new[] { "run", "validate", "bench" })
        {
            Assert.Matches(new Regex(@"^\s+" + verb + @"\b", RegexOptions.Multiline), r.StdOut);
        }
    }

    [Fact]
    public void Bench_runs_and_reports_the_figures()
    {
        CliResult r = SimCli.Process(Repo.Root, "bench", "scenarios/highway_cut_in.yaml", "--repeats", "1");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Matches(@"highway_cut_in: 2 entities, 2500 steps in [0-9.]+ s: [0-9.]+ us/step, \d+ steps/s, real-time factor [0-9.]+x, [0-9.]+ bytes allocated/step", r.StdOut);
    }
}
