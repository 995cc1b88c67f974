using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Sim.Runtime.Batch;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>`sim batch` and `sim report merge` end to end: child processes, outputs, sharding, resume, report page.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class BatchTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private const string Sweep = """
        seed: 5
        parameters:
          target_speed: [0, 1]
          target_distance: {from: 100, to: 150, step: 50}
        """;

    /// <summary>A library folder: ccrs (swept to 4 runs), a failing cut-in in a sub-folder, a road file and a non-scenario YAML that are skipped.</summary>
    private static string Library(TempDir dir)
    {
        dir.Write("lib/ccrs.yaml", ScenarioText.Ccrs());
        dir.Write("lib/sub/cut_in_fail.yaml", ScenarioText.CutInFailing());
        dir.Write("lib/roads/straight.yaml", File.ReadAllText(Path.Combine(Repo.Scenarios, "roads", "straight_2lane.yaml")));
        dir.Write("lib/notes.yaml", "title: not a scenario\n");
        dir.Write("sweep.yaml", Sweep);
        return dir.File("lib");
    }

    private static CliResult Batch(params string[] args) => SimCli.InProcess(new[] { "batch" }.Concat(args).ToArray());

    private static JsonElement Summary(string outDir) => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "summary.json"))).RootElement;

    [Fact]
    public void Batch_runs_a_swept_library_and_reports_pass_fail_and_error()
    {
        using var dir = new TempDir();
        string lib = Library(dir);
        string bad = dir.Write("bad.yaml", "name: bad\nduration: 1\nentities: [\n");
        string outDir = dir.File("out");
        CliResult r = Batch(lib, bad, "--sweep", dir.File("sweep.yaml"), "--out", outDir, "--jobs", "2");
        Assert.True(r.ExitCode == 2, r.ToString()); // an error run makes the batch exit 2 ...

        string[] expected =
        {
            "bad",
            "ccrs__target_distance=100__target_speed=0", "ccrs__target_distance=100__target_speed=1",
            "ccrs__target_distance=150__target_speed=0", "ccrs__target_distance=150__target_speed=1",
            "sub/cut_in_fail",
        };
        JsonElement summary = Summary(outDir);
        string[] ids = summary.GetProperty("runs").EnumerateArray().Select(x => x.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(expected, ids);

        // ... but the other runs went on: every ccrs run has its own result.json with the swept values.
        var ccrs = expected.Where(e => e.StartsWith("ccrs", StringComparison.Ordinal)).Select(id =>
            JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, id, "result.json"))).RootElement).ToList();
        Assert.All(expected.Where(e => e.StartsWith("ccrs", StringComparison.Ordinal)), id => Assert.True(File.Exists(Path.Combine(outDir, id, "trajectories.csv"))));
        int ccrsPass = ccrs.Count(c => c.GetProperty("status").GetString() == "pass");
        Assert.Equal(ccrsPass, summary.GetProperty("pass").GetInt32());
        Assert.Equal(1 + (4 - ccrsPass), summary.GetProperty("fail").GetInt32());
        Assert.Equal(1, summary.GetProperty("error").GetInt32());
        Assert.Equal(6, summary.GetProperty("total").GetInt32());
        // The swept values reached the run: the target's first trajectory row has its speed.
        string firstRow = File.ReadLines(Path.Combine(outDir, "ccrs__target_distance=100__target_speed=1", "trajectories.csv")).Skip(1).First(l => l.Split(',')[1] == "target");
        Assert.Equal(1.0, double.Parse(firstRow.Split(',')[6], CultureInfo.InvariantCulture), 6);

        // KPI distribution of the family, recomputed from the runs' own result.json files.
        double[] lead = ccrs.Select(c => c.GetProperty("kpis").GetProperty("min_lead_distance").GetDouble()).Order().ToArray();
        JsonElement dist = summary.GetProperty("families").GetProperty("ccrs").GetProperty("kpis").GetProperty("min_lead_distance");
        Assert.Equal(4, dist.GetProperty("count").GetInt32());
        Assert.Equal(lead.Average(), dist.GetProperty("mean").GetDouble(), 5);
        Assert.Equal(lead[0], dist.GetProperty("min").GetDouble(), 5);
        Assert.Equal(lead[3], dist.GetProperty("max").GetDouble(), 5);
        Assert.Equal((lead[1] + lead[2]) / 2, dist.GetProperty("p50").GetDouble(), 5);
        Assert.Equal(lead[2] + 0.85 * (lead[3] - lead[2]), dist.GetProperty("p95").GetDouble(), 5); // h = 3 * 0.95 = 2.85
        Assert.Equal(4, summary.GetProperty("families").GetProperty("ccrs").GetProperty("runs").GetInt32());

        JsonElement error = summary.GetProperty("runs").EnumerateArray().Single(x => x.GetProperty("id").GetString() == "bad");
        Assert.Equal("error", error.GetProperty("status").GetString());
        Assert.Contains("bad.yaml", error.GetProperty("reason").GetString());
        Assert.Equal(2, error.GetProperty("exit_code").GetInt32());
        Assert.Equal(6, summary.GetProperty("slowest").GetArrayLength());

        // junit.xml as a CI system reads it.
        XDocument junit = XDocument.Load(Path.Combine(outDir, "junit.xml"));
        List<XElement> cases = junit.Descendants("testcase").ToList();
        Assert.Equal(6, cases.Count);
        Assert.Equal("6", junit.Root!.Attribute("tests")!.Value);
        XElement failing = cases.Single(c => c.Attribute("name")!.Value == "sub/cut_in_fail");
        Assert.Equal("sub/cut_in_fail", failing.Attribute("classname")!.Value);
        XElement failure = Assert.Single(failing.Elements("failure"));
        Assert.Contains("max_decel <= 0.01", failure.Attribute("message")!.Value);
        JsonElement cutIn = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "sub", "cut_in_fail", "result.json"))).RootElement;
        double maxDecel = cutIn.GetProperty("kpis").GetProperty("max_decel").GetDouble();
        Assert.Contains($"value {Math.Round(maxDecel, 6).ToString("0.######", CultureInfo.InvariantCulture)} <= 0.01", failure.Value);
        XElement errorCase = cases.Single(c => c.Attribute("name")!.Value == "bad");
        Assert.Contains("bad.yaml", Assert.Single(errorCase.Elements("error")).Attribute("message")!.Value);
        Assert.All(cases, c => Assert.True(double.Parse(c.Attribute("time")!.Value, CultureInfo.InvariantCulture) > 0));

        string html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        // Failing runs first: the error, then the failure, then passes.
        Assert.True(html.IndexOf(">bad<", StringComparison.Ordinal) < html.IndexOf(">sub/cut_in_fail<", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFiles(outDir, "*.partial", SearchOption.AllDirectories));
        Assert.Contains("6 runs (6 run, 0 resumed): ", r.StdOut);
    }

    /// <summary>
    /// The report plots the KPI monitor's own measures (kpi_series.csv), not a TTC of its own from
    /// trajectories.csv: on a cut-in the least TTC and gap it states are result.json's min_ttc and
    /// min_lead_distance, and the plotted series reach them.
    /// </summary>
    [Fact]
    public void The_reports_least_ttc_and_gap_on_a_cut_in_are_the_runs_kpis()
    {
        using var dir = new TempDir();
        string scenario = dir.Write("cut_in.yaml", ScenarioText.CutInFailing());
        CliResult r = Batch(scenario, "--out", dir.File("out"), "--jobs", "1", "--quiet");
        Assert.True(r.ExitCode == 1, r.ToString());
        string result = Assert.Single(Directory.GetFiles(dir.File("out"), "result.json", SearchOption.AllDirectories));
        JsonElement kpis = JsonDocument.Parse(File.ReadAllBytes(result)).RootElement.GetProperty("kpis");
        double minTtc = kpis.GetProperty("min_ttc").GetDouble(), minGap = kpis.GetProperty("min_lead_distance").GetDouble();
        Assert.True(minTtc is > 0 and < 10, $"min_ttc {minTtc}: the cut-in should close in");
        string html = File.ReadAllText(dir.File("out/report.html"));
        System.Text.RegularExpressions.Match ttc = System.Text.RegularExpressions.Regex.Match(html, @"<title>[^<]*: TTC \(least ([^ ]+) s at ([^ ]+) s\)</title>");
        System.Text.RegularExpressions.Match gap = System.Text.RegularExpressions.Regex.Match(html, @"<title>[^<]*: gap ahead \(least ([^ ]+) m at ([^ ]+) s\)</title>");
        Assert.True(ttc.Success && gap.Success, "no TTC or gap plot in the report");
        Assert.Equal(minTtc, double.Parse(ttc.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Equal(minGap, double.Parse(gap.Groups[1].Value, CultureInfo.InvariantCulture));
        // The time it names is a row of kpi_series.csv whose ttc is that minimum.
        string series = Path.Combine(Path.GetDirectoryName(result)!, "kpi_series.csv");
        string[] row = File.ReadLines(series).Skip(1).Select(l => l.Split(',')).Single(f => f[0] == double.Parse(ttc.Groups[2].Value, CultureInfo.InvariantCulture).ToString("F6", CultureInfo.InvariantCulture));
        Assert.Equal(minTtc, Math.Round(double.Parse(row[4], CultureInfo.InvariantCulture), 6));
    }

    [Fact]
    public void A_failed_criterion_without_errors_exits_1_and_a_pass_exits_0()
    {
        using var dir = new TempDir();
        string failing = dir.Write("fail/cut_in.yaml", ScenarioText.CutInFailing());
        string passing = dir.Write("pass/cut_in.yaml", ScenarioText.CutIn());
        CliResult f = Batch(failing, "--out", dir.File("out-f"), "--jobs", "1", "--quiet");
        Assert.True(f.ExitCode == 1, f.ToString());
        Assert.Equal(string.Empty, f.StdErr); // --quiet: the summary line only, on stdout
        Assert.StartsWith("batch: 1 runs (1 run, 0 resumed): 0 pass, 1 fail, 0 error", f.StdOut.Trim());
        CliResult p = Batch(passing, "--out", dir.File("out-p"), "--jobs", "1");
        Assert.True(p.ExitCode == 0, p.ToString());
        Assert.Contains("[1/1] 0 failed, 0 errors", p.StdErr); // not a terminal: one line per run
    }

    [Fact]
    public void A_run_past_its_timeout_is_an_error_and_the_batch_goes_on()
    {
        using var dir = new TempDir();
        dir.Write("t/slow.yaml", ScenarioText.IdmRing(vehicles: 300, lanes: 3, circumference: 3000, duration: 3600, step: 0.01, ego: false));
        dir.Write("t/quick.yaml", ScenarioText.CutIn());
        var watch = Stopwatch.StartNew();
        // 5 s: the quick run must fit even on a loaded 2-core machine; the slow one needs minutes.
        CliResult r = Batch(dir.File("t"), "--out", dir.File("out"), "--jobs", "2", "--timeout", "5");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        JsonElement summary = Summary(dir.File("out"));
        JsonElement slow = summary.GetProperty("runs").EnumerateArray().Single(x => x.GetProperty("id").GetString() == "slow");
        Assert.Equal("error", slow.GetProperty("status").GetString());
        Assert.Equal("timed out after 5 s", slow.GetProperty("reason").GetString());
        Assert.Equal(1, summary.GetProperty("pass").GetInt32());
        Assert.False(File.Exists(Path.Combine(dir.File("out"), "slow", "result.json")));
    }

    [Fact]
    public void Two_shards_cover_the_run_list_disjointly_and_merge_to_the_unsharded_summary()
    {
        using var dir = new TempDir();
        string lib = Library(dir);
        string sweep = dir.File("sweep.yaml");
        CliResult whole = Batch(lib, "--sweep", sweep, "--out", dir.File("whole"), "--jobs", "2", "--quiet");
        Assert.True(whole.ExitCode == 1, whole.ToString());
        CliResult s0 = Batch(lib, "--sweep", sweep, "--out", dir.File("s0"), "--jobs", "2", "--quiet", "--shard", "0/2");
        CliResult s1 = Batch(lib, "--sweep", sweep, "--out", dir.File("s1"), "--jobs", "2", "--quiet", "--shard", "1/2");
        Assert.Contains(" shard 0/2: 3 runs", s0.StdOut);
        Assert.Contains(" shard 1/2: 2 runs", s1.StdOut);

        static string[] Ids(JsonElement s) => s.GetProperty("runs").EnumerateArray().Select(x => x.GetProperty("id").GetString()!).ToArray();
        string[] all = Ids(Summary(dir.File("whole")));
        string[] a = Ids(Summary(dir.File("s0"))), b = Ids(Summary(dir.File("s1")));
        Assert.Empty(a.Intersect(b));
        Assert.Equal(all, a.Concat(b).Order(StringComparer.Ordinal));
        // Index modulo 2 of the sorted list.
        Assert.Equal(all.Where((_, i) => i % 2 == 0), a);

        CliResult m = SimCli.InProcess("report", "merge", dir.File("s0"), dir.File("s1"), "--out", dir.File("merged"));
        Assert.True(m.ExitCode == whole.ExitCode, m.ToString());
        JsonElement merged = Summary(dir.File("merged")), reference = Summary(dir.File("whole"));
        foreach (string key in new[] { "total", "pass", "fail", "error" })
        {
            Assert.Equal(reference.GetProperty(key).GetInt32(), merged.GetProperty(key).GetInt32());
        }
        Assert.Equal(all, Ids(merged));
        Assert.Equal(reference.GetProperty("families").GetProperty("ccrs").GetProperty("kpis").GetProperty("min_lead_distance").GetProperty("mean").GetDouble(),
            merged.GetProperty("families").GetProperty("ccrs").GetProperty("kpis").GetProperty("min_lead_distance").GetProperty("mean").GetDouble(), 9);
        Assert.Equal(5, XDocument.Load(Path.Combine(dir.File("merged"), "junit.xml")).Descendants("testcase").Count());
        // The merged page plots the failing run from its shard's folder.
        Assert.Contains("gap ahead", File.ReadAllText(Path.Combine(dir.File("merged"), "report.html")));

        CliResult dup = SimCli.InProcess("report", "merge", dir.File("s0"), dir.File("whole"), "--out", dir.File("bad-merge"));
        Assert.Equal(2, dup.ExitCode);
        Assert.Contains("is also in", dup.StdErr);
    }

    [Fact]
    public void A_merge_missing_a_shard_or_holding_an_unfinished_one_is_incomplete_and_writes_nothing()
    {
        using var dir = new TempDir();
        string lib = Library(dir);
        string sweep = dir.File("sweep.yaml");
        foreach (int i in new[] { 0, 2 })
        {
            CliResult shard = Batch(lib, "--sweep", sweep, "--out", dir.File($"s{i}"), "--jobs", "2", "--quiet", "--shard", $"{i}/3");
            Assert.True(shard.ExitCode is 0 or 1, shard.ToString());
        }
        // Shard 1 never ran (or its folder was not given): its runs would silently be missing.
        CliResult missing = SimCli.InProcess("report", "merge", dir.File("s0"), dir.File("s2"), "--out", dir.File("merged"));
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains($"{Path.Combine(dir.File("s0"), "summary.json")}: error: incomplete: the merge has shards 0, 2 of 3 but not 1", missing.StdErr);
        Assert.False(Directory.Exists(dir.File("merged")));

        // Shard 1 was killed while it ran again (a requeued task): the summary of its earlier
        // attempt is gone as soon as the new one starts, so the folder reads as unfinished.
        Directory.CreateDirectory(dir.File("s1"));
        File.Copy(Path.Combine(dir.File("s0"), "summary.json"), Path.Combine(dir.File("s1"), "summary.json"));
        using (BackgroundSim killed = SimCli.Start(dir.Path, "batch", lib, "--sweep", sweep, "--out", dir.File("s1"), "--jobs", "1", "--shard", "1/3", "--resume"))
        {
            Assert.True(killed.WaitForStdErr("batch: 2 runs (shard 1/3", Timeout), "the batch did not start");
            killed.Kill();
        }
        Assert.False(File.Exists(Path.Combine(dir.File("s1"), "summary.json")));
        CliResult unfinished = SimCli.InProcess("report", "merge", dir.File("s0"), dir.File("s1"), dir.File("s2"), "--out", dir.File("merged"));
        Assert.True(unfinished.ExitCode == 2, unfinished.ToString());
        Assert.Contains($"{Path.Combine(dir.File("s1"), "summary.json")}: error: incomplete: no summary.json", unfinished.StdErr);
        Assert.False(Directory.Exists(dir.File("merged")));

        // Finished with --resume, the three merge into the whole batch.
        Assert.True(Batch(lib, "--sweep", sweep, "--out", dir.File("s1"), "--jobs", "2", "--quiet", "--shard", "1/3", "--resume").ExitCode is 0 or 1);
        CliResult complete = SimCli.InProcess("report", "merge", dir.File("s0"), dir.File("s1"), dir.File("s2"), "--out", dir.File("merged"));
        Assert.True(complete.ExitCode == 1, complete.ToString());
        Assert.Equal(5, Summary(dir.File("merged")).GetProperty("total").GetInt32());
    }

    [Fact]
    public void Resume_runs_nothing_that_is_complete()
    {
        using var dir = new TempDir();
        dir.Write("r/a.yaml", ScenarioText.CutIn());
        dir.Write("r/b.yaml", ScenarioText.CutInFailing());
        string outDir = dir.File("out");
        CliResult first = Batch(dir.File("r"), "--out", outDir, "--jobs", "2");
        Assert.True(first.ExitCode == 1, first.ToString());
        DateTime written = File.GetLastWriteTimeUtc(Path.Combine(outDir, "a", "result.json"));
        // A run killed while writing leaves only .partial files: they do not count as complete.
        File.Delete(Path.Combine(outDir, "b", "result.json"));
        File.WriteAllText(Path.Combine(outDir, "b", "result.json.partial"), "{\"status\": ");
        Thread.Sleep(50);
        CliResult again = Batch(dir.File("r"), "--out", outDir, "--jobs", "2", "--resume");
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Contains("2 runs (1 run, 1 resumed)", again.StdOut);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(outDir, "a", "result.json")));
        Assert.True(File.Exists(Path.Combine(outDir, "b", "result.json")));
        CliResult third = Batch(dir.File("r"), "--out", outDir, "--resume", "--quiet");
        Assert.Contains("2 runs (0 run, 2 resumed): 1 pass, 1 fail, 0 error", third.StdOut);
        Assert.Equal(1, third.ExitCode);
    }

    [Fact]
    public void Determinism_check_passes_for_a_deterministic_scenario()
    {
        using var dir = new TempDir();
        string scenario = dir.Write("d/cut_in.yaml", ScenarioText.CutIn());
        CliResult r = Batch(scenario, "--out", dir.File("out"), "--check-determinism", "--jobs", "1");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.False(Directory.Exists(Path.Combine(dir.File("out"), "cut_in", "determinism-check")));
        JsonElement run = Summary(dir.File("out")).GetProperty("runs")[0];
        Assert.Equal("pass", run.GetProperty("status").GetString());
        Assert.Equal(16, run.GetProperty("state_hash").GetString()!.Length);
    }

    [Fact]
    public void A_bad_sweep_file_names_the_file_and_line()
    {
        using var dir = new TempDir();
        string lib = Library(dir);
        string sweep = dir.Write("bad-sweep.yaml", "parameters:\n  ego_speed: {from: 10, to: 5, step: 1}\n  typo_speed: [1, 2]\n");
        CliResult r = Batch(lib, "--sweep", sweep, "--out", dir.File("out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{sweep}:2:14: error: 'ego_speed': a range needs step > 0 and to >= from", r.StdErr);
        string unknown = dir.Write("unknown.yaml", "parameters:\n  typo_speed: [1, 2]\nsamples: x\n");
        CliResult u = Batch(lib, "--sweep", unknown, "--out", dir.File("out"));
        Assert.Equal(2, u.ExitCode);
        Assert.Contains($"{unknown}:3:10: error: 'samples' must be a whole number from 1 to 100000", u.StdErr);
        string undeclared = dir.Write("undeclared.yaml", "parameters:\n  typo_speed: [1, 2]\n");
        CliResult d = Batch(lib, "--sweep", undeclared, "--out", dir.File("out"));
        Assert.Contains($"{undeclared}:2:15: error: 'typo_speed' is a parameter of none of the 2 scenarios", d.StdErr);
        CliResult missing = Batch(dir.File("nope/*.yaml"), "--out", dir.File("out"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("the pattern matches no scenario", missing.StdErr);
        Assert.False(File.Exists(dir.File("out/summary.json")));
    }

    [Fact]
    public void Shards_come_from_the_option_kubernetes_or_slurm()
    {
        static string? None(string _) => null;
        Assert.Null(ShardSpec.Resolve(null, null, None));
        Assert.Equal((1, 4), Pair(ShardSpec.Resolve("1/4", null, None)!));
        Assert.Equal((2, 5), Pair(ShardSpec.Resolve(null, 5, n => n == "JOB_COMPLETION_INDEX" ? "2" : null)!));
        Assert.Throws<FormatException>(() => ShardSpec.Resolve(null, null, n => n == "JOB_COMPLETION_INDEX" ? "2" : null));
        var slurm = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "3", ["SLURM_ARRAY_TASK_COUNT"] = "4" };
        Assert.Equal((3, 4), Pair(ShardSpec.Resolve(null, null, n => slurm.GetValueOrDefault(n))!));
        slurm["SLURM_ARRAY_TASK_MIN"] = "1";
        Assert.Equal((2, 4), Pair(ShardSpec.Resolve(null, null, n => slurm.GetValueOrDefault(n))!));
        Assert.Throws<FormatException>(() => ShardSpec.Resolve("4/4", null, None));
        Assert.Throws<FormatException>(() => ShardSpec.Resolve("1", null, None));

        var runs = Enumerable.Range(0, 7).Select(i => new RunSpec($"r{i}", "r", "f", new Dictionary<string, string>())).ToList();
        Assert.Equal(new[] { "r1", "r4" }, new ShardSpec(1, 3, "test").Select(runs).Select(r => r.Id));

        static (int, int) Pair(ShardSpec s) => (s.Index, s.Count);
    }

    [ChromiumFact]
    public void Report_renders_in_headless_chromium_with_table_plots_and_script()
    {
        using var dir = new TempDir();
        string lib = Library(dir);
        string outDir = dir.File("out");
        CliResult r = Batch(lib, "--sweep", dir.File("sweep.yaml"), "--out", outDir, "--jobs", "2", "--quiet");
        Assert.True(r.ExitCode == 1, r.ToString());
        string page = new Uri(Path.Combine(outDir, "report.html")).AbsoluteUri;
        string profile = dir.File("chromium-profile");
        string[] common = Chromium.Headless(profile, 1280, 2000);

        (int code, string dom, string err) = Chromium.Run(common.Append("--dump-dom").Append(page));
        Assert.True(code == 0, err);
        // The inline script's last statement sets the marker: it ran without throwing.
        Assert.Contains("data-rendered=\"ok\"", dom);
        Assert.Contains("5 runs, ", dom);
        Assert.Equal(5, CountOf(dom, "<tr class=\"run "));
        Assert.True(CountOf(dom, "<svg") >= 3, "histograms and the failing run's plots");
        Assert.Contains("gap ahead", dom);

        string png = dir.File("report.png");
        (code, _, err) = Chromium.Run(common.Append($"--screenshot={png}").Append(page));
        Assert.True(code == 0 && File.Exists(png), err);
        byte[] bytes = File.ReadAllBytes(png);
        Assert.Equal((1280, 2000), Chromium.PngSize(bytes));
        // A blank (single-colour) 1280x2000 page compresses to a few kilobytes; text, tables and plots do not.
        Assert.True(bytes.Length > 40_000, $"screenshot is {bytes.Length} bytes: blank page?");
    }

    private static int CountOf(string text, string what)
    {
        int n = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            n++;
        }
        return n;
    }
}
