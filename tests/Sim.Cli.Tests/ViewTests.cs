using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>
/// `sim view`, `sim run --view` and the outputs behind them (kpi_series.csv, scene.json): the page
/// renders in headless Chromium and reports what it loaded; what it draws at a time is
/// trajectories.csv at that time; the series agree with hand-computed geometry.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ViewTests
{
    private static string Scenario(string relative) => Path.Combine(Repo.Scenarios, relative);

    /// <summary>The page's DOM after its script ran (virtual time lets the asynchronous decoding finish).</summary>
    private static string Dom(TempDir dir, string page, string hash)
    {
        string url = new Uri(page).AbsoluteUri + "#" + hash;
        (int code, string dom, string err) = Chromium.Run(Chromium.Headless(dir.File("profile"), 1280, 1400).Append("--virtual-time-budget=10000").Append("--dump-dom").Append(url));
        Assert.True(code == 0, err);
        Assert.True(Attribute(dom, "rendered") == "ok", $"the page did not finish: {Attribute(dom, "error")}\n{err}");
        return dom;
    }

    private static byte[] Screenshot(TempDir dir, string page, string hash, string png)
    {
        string url = new Uri(page).AbsoluteUri + "#" + hash;
        (int code, _, string err) = Chromium.Run(Chromium.Headless(dir.File("profile"), 1280, 1400).Append("--virtual-time-budget=10000").Append($"--screenshot={png}").Append(url));
        Assert.True(code == 0 && File.Exists(png), err);
        byte[] bytes = File.ReadAllBytes(png);
        Assert.Equal((1280, 1400), Chromium.PngSize(bytes));
        // A blank page compresses to a few kilobytes; roads, boxes, plots and text do not.
        Assert.True(bytes.Length > 40_000, $"screenshot is {bytes.Length} bytes: blank page?");
        return bytes;
    }

    private static string? Attribute(string dom, string name)
    {
        Match m = Regex.Match(dom, $"<body[^>]*\\sdata-{name}=\"([^\"]*)\"");
        return m.Success ? System.Net.WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    private static int IntAttribute(string dom, string name) => int.Parse(Attribute(dom, name) ?? "-1", CultureInfo.InvariantCulture);

    /// <summary>What the page says it drew at its time: name -> (x, y, heading).</summary>
    private static (double T, Dictionary<string, (double X, double Y, double H)> Entities) Probe(string dom)
    {
        Match m = Regex.Match(dom, "<pre id=\"probe\"[^>]*>([^<]*)</pre>");
        Assert.True(m.Success && m.Groups[1].Value.Length > 0, "no probe output");
        using JsonDocument doc = JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(m.Groups[1].Value));
        var entities = doc.RootElement.GetProperty("entities").EnumerateObject()
            .ToDictionary(p => p.Name, p => (p.Value[0].GetDouble(), p.Value[1].GetDouble(), p.Value[2].GetDouble()));
        return (doc.RootElement.GetProperty("t").GetDouble(), entities);
    }

    /// <summary>trajectories.csv rows at one time: name -> (x, y, heading).</summary>
    private static Dictionary<string, (double X, double Y, double H)> Rows(string csv, double t)
    {
        string time = t.ToString("F6", CultureInfo.InvariantCulture) + ",";
        return File.ReadLines(csv).Skip(1).Where(l => l.StartsWith(time, StringComparison.Ordinal)).Select(l => l.Split(','))
            .ToDictionary(f => f[1], f => (D(f[2]), D(f[3]), D(f[5])));
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>Drawn = logged: positions to the page's millimetre, headings to its 1e-4 rad.</summary>
    private static void AssertDrawnAsLogged(Dictionary<string, (double X, double Y, double H)> logged, Dictionary<string, (double X, double Y, double H)> drawn)
    {
        Assert.NotEmpty(logged);
        Assert.Equal(logged.Keys.Order(), drawn.Keys.Order());
        foreach ((string name, (double x, double y, double h)) in logged)
        {
            (double px, double py, double ph) = drawn[name];
            Assert.True(Math.Abs(px - x) <= 6e-4 && Math.Abs(py - y) <= 6e-4, $"{name}: drawn at ({px}, {py}), logged at ({x}, {y})");
            double dh = Math.IEEERemainder(ph - h, 2 * Math.PI);
            Assert.True(Math.Abs(dh) <= 1e-4, $"{name}: drawn heading {ph}, logged {h}");
        }
    }

    private static JsonElement Json(string path) => JsonDocument.Parse(File.ReadAllBytes(path)).RootElement;

    [ChromiumFact]
    public void A_yaml_run_with_a_rig_renders_every_entity_where_trajectories_csv_has_it()
    {
        using var dir = new TempDir();
        string outDir = dir.File("run");
        CliResult r = SimCli.InProcess("run", Scenario("highway_cut_in_too_close.yaml"), "--rig", Scenario("rigs/minimal.yaml"), "--out", outDir, "--view", "--quiet");
        Assert.True(r.ExitCode is 0 or 1, r.ToString());
        string page = Path.Combine(outDir, "view.html");
        Assert.True(File.Exists(page));
        string html = File.ReadAllText(page);
        // Offline: nothing is fetched from anywhere.
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.DoesNotContain("<link", html);

        JsonElement result = Json(Path.Combine(outDir, "result.json"));
        JsonElement scene = Json(Path.Combine(outDir, "scene.json"));
        double t = 12.34;
        string dom = Dom(dir, page, $"t={t.ToString(CultureInfo.InvariantCulture)}&probe=1");
        Assert.Equal(scene.GetProperty("entities").GetArrayLength(), IntAttribute(dom, "entities"));
        Assert.Equal(result.GetProperty("steps").GetInt32(), IntAttribute(dom, "steps"));
        Assert.Equal(result.GetProperty("sim_time").GetDouble(), double.Parse(Attribute(dom, "duration")!, CultureInfo.InvariantCulture), 6);
        Assert.Equal(result.GetProperty("events").GetArrayLength(), IntAttribute(dom, "events"));
        // minimal.yaml: a radar and the ground truth have fields of view; the IMU and GNSS do not.
        Assert.Equal(2, IntAttribute(dom, "footprints"));
        Assert.Equal(5, IntAttribute(dom, "plots"));
        Assert.True(IntAttribute(dom, "lanes") > 0 && IntAttribute(dom, "marks") > 0);
        (double probeT, var drawn) = Probe(dom);
        Assert.Equal(t, probeT, 6);
        AssertDrawnAsLogged(Rows(Path.Combine(outDir, "trajectories.csv"), t), drawn);
        // The collision is listed and marked.
        Assert.Contains("collision ego – cutter", dom);
        Screenshot(dir, page, "t=13", dir.File("view.png"));

        // sim view on the directory writes the same page, byte for byte.
        CliResult v = SimCli.InProcess("view", outDir, "--out", dir.File("again.html"), "--quiet");
        Assert.True(v.ExitCode == 0, v.ToString());
        Assert.Equal(File.ReadAllBytes(page), File.ReadAllBytes(dir.File("again.html")));
    }

    [ChromiumFact]
    public void An_openscenario_run_on_an_opendrive_junction_draws_its_lanes_and_junction()
    {
        using var dir = new TempDir();
        string outDir = dir.File("run");
        CliResult r = SimCli.InProcess("run", Scenario("xosc/t_junction_turn.xosc"), "--out", outDir, "--quiet");
        Assert.True(r.ExitCode is 0 or 1, r.ToString());
        CliResult v = SimCli.InProcess("view", outDir, "--quiet");
        Assert.True(v.ExitCode == 0, v.ToString());
        string page = Path.Combine(outDir, "view.html");

        // Counted from the OpenDRIVE file itself: every lane but the centre lanes, every junction.
        XDocument xodr = XDocument.Load(Path.Combine(Repo.Scenarios, "roads", "t_junction.xodr"));
        int lanes = xodr.Descendants("lane").Count(l => (string?)l.Attribute("id") != "0");
        int junctions = xodr.Root!.Elements("junction").Count();
        double t = 6.0;
        string dom = Dom(dir, page, $"t={t.ToString(CultureInfo.InvariantCulture)}&probe=1");
        Assert.Equal(lanes, IntAttribute(dom, "lanes"));
        Assert.Equal(junctions, IntAttribute(dom, "junctions"));
        JsonElement result = Json(Path.Combine(outDir, "result.json"));
        Assert.Equal(result.GetProperty("steps").GetInt32(), IntAttribute(dom, "steps"));
        Assert.Equal(Json(Path.Combine(outDir, "scene.json")).GetProperty("entities").GetArrayLength(), IntAttribute(dom, "entities"));
        AssertDrawnAsLogged(Rows(Path.Combine(outDir, "trajectories.csv"), t), Probe(dom).Entities);
        Screenshot(dir, page, "t=6", dir.File("junction.png"));
    }

    [ChromiumFact]
    public void A_recording_renders_its_ground_truth_where_the_run_logged_it()
    {
        using var dir = new TempDir();
        string outDir = dir.File("run"), mcap = dir.File("run.mcap");
        CliResult r = SimCli.InProcess("run", Scenario("euroncap/ccrs_50.yaml"), "--rig", Scenario("rigs/minimal.yaml"), "--record", mcap, "--out", outDir, "--quiet");
        Assert.True(r.ExitCode == 0, r.ToString());
        CliResult v = SimCli.InProcess("view", mcap, "--quiet");
        Assert.True(v.ExitCode == 0, v.ToString());
        string page = dir.File("run.view.html");
        double t = 7.5;
        string dom = Dom(dir, page, $"t={t.ToString(CultureInfo.InvariantCulture)}&probe=1");
        JsonElement result = Json(Path.Combine(outDir, "result.json"));
        Assert.Equal(2, IntAttribute(dom, "entities"));
        Assert.Equal(result.GetProperty("steps").GetInt32(), IntAttribute(dom, "steps"));
        Assert.Equal(result.GetProperty("events").GetArrayLength(), IntAttribute(dom, "events"));
        Assert.Equal(2, IntAttribute(dom, "footprints"));
        Assert.True(IntAttribute(dom, "lanes") > 0, "the roads of the recorded scenario file");
        AssertDrawnAsLogged(Rows(Path.Combine(outDir, "trajectories.csv"), t), Probe(dom).Entities);
        Screenshot(dir, page, "t=7.5", dir.File("recording.png"));
    }

    [ChromiumFact]
    public void A_replay_draws_the_targets_answers_beside_the_logged_ground_truth()
    {
        using var dir = new TempDir();
        string cpna = Scenario("euroncap/cpna_night.yaml"), mcap = dir.File("run.mcap");
        CliResult r = SimCli.InProcess("run", cpna, "--rig", Scenario("rigs/hil_target.yaml"), "--record", mcap, "--out", dir.File("run"), "--quiet");
        Assert.True(r.ExitCode == 0, r.ToString());
        int port = Sim.Runtime.Hil.LoopbackPorts.FreePair();
        using BackgroundSim target = SimCli.Start(Repo.Root, "target", "--connect", $"tcp://127.0.0.1:{port}", "--scenario", cpna, "--timeout", "60");
        CliResult replay = SimCli.InProcess("replay", mcap, "--target", $"tcp://127.0.0.1:{port}", "--out", dir.File("replay"), "--connect-timeout", "90", "--view", "--quiet");
        CliResult t = target.Wait(TimeSpan.FromSeconds(120));
        Assert.True(replay.ExitCode == 0, replay + "\n--- target ---\n" + t);
        string page = Path.Combine(dir.File("replay"), "view.html");
        string dom = Dom(dir, page, "t=4&probe=1");
        Assert.Equal(3000, IntAttribute(dom, "steps"));
        Assert.True(IntAttribute(dom, "answers") > 0, "the target's perceived objects");
        Assert.Equal(3, IntAttribute(dom, "plots"));
        AssertDrawnAsLogged(Rows(Path.Combine(dir.File("run"), "trajectories.csv"), 4), Probe(dom).Entities);
    }

    /// <summary>
    /// kpi_series.csv against geometry from trajectories.csv and scene.json: on a straight road the
    /// gap to the stationary target is the distance between bumpers; the reference driver measures
    /// it at the start of each step, so row t holds the geometry of t - step. The running KPIs of
    /// result.json are the extremes of the columns.
    /// </summary>
    [Fact]
    public void The_kpi_series_is_the_bumper_gap_the_driver_saw_and_its_extremes_are_the_kpis()
    {
        using var dir = new TempDir();
        string outDir = dir.File("run");
        CliResult r = SimCli.InProcess("run", Scenario("euroncap/ccrs_50.yaml"), "--out", outDir, "--quiet");
        Assert.True(r.ExitCode == 0, r.ToString());
        JsonElement scene = Json(Path.Combine(outDir, "scene.json"));
        var box = scene.GetProperty("entities").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!,
            e => (L: e.GetProperty("length").GetDouble(), Cx: e.GetProperty("center_offset_x").GetDouble()));
        var pose = File.ReadLines(Path.Combine(outDir, "trajectories.csv")).Skip(1).Select(l => l.Split(','))
            .ToDictionary(f => (f[0], f[1]), f => (X: D(f[2]), Y: D(f[3]), V: D(f[6])));
        string[] header = File.ReadLines(Path.Combine(outDir, "kpi_series.csv")).First().Split(',');
        Assert.Equal(["time", "speed", "acceleration", "lateral_acceleration", "ttc", "headway", "lead_distance", "lead", "aeb_stage"], header);
        string[][] rows = File.ReadLines(Path.Combine(outDir, "kpi_series.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        JsonElement result = Json(Path.Combine(outDir, "result.json"));
        Assert.Equal(result.GetProperty("steps").GetInt32() + 1, rows.Length);
        double step = result.GetProperty("step").GetDouble();
        int checkedRows = 0;
        double minGap = double.PositiveInfinity, minTtc = double.PositiveInfinity, maxDecel = 0, prevSpeed = double.NaN;
        foreach (string[] f in rows)
        {
            double t = D(f[0]);
            Assert.Equal(pose[(f[0], "ego")].V, D(f[1]), 6);
            if (!double.IsNaN(prevSpeed))
            {
                // Speeds logged to 1e-6 m/s, differenced over 0.01 s: within 2e-4 m/s^2.
                Assert.True(Math.Abs((D(f[1]) - prevSpeed) / step - D(f[2])) < 2.5e-4, $"t = {f[0]}: acceleration {f[2]}");
                maxDecel = Math.Max(maxDecel, -D(f[2]));
            }
            prevSpeed = D(f[1]);
            if (f[6].Length == 0)
            {
                continue;
            }
            Assert.Equal("target", f[7]);
            string before = (t - step).ToString("F6", CultureInfo.InvariantCulture);
            var ego = pose[(before, "ego")];
            var lead = pose[(before, "target")];
            double gap = Math.Max(0, (lead.X + box["target"].Cx - box["target"].L / 2) - (ego.X + box["ego"].Cx + box["ego"].L / 2));
            Assert.True(Math.Abs(gap - D(f[6])) < 2e-5, $"t = {f[0]}: lead_distance {f[6]}, bumpers {gap} apart at {before}");
            if (f[4].Length > 0)
            {
                double closing = ego.V - lead.V;
                // Speeds and positions logged to 1e-6: near standstill the closing speed's rounding dominates.
                double ttc = gap / closing, bound = ttc * (1.5e-6 / closing + 2e-5 / Math.Max(gap, 1e-3)) + 1e-5;
                Assert.True(Math.Abs(ttc - D(f[4])) <= bound, $"t = {f[0]}: ttc {f[4]}, gap / closing {ttc}");
                minTtc = Math.Min(minTtc, D(f[4]));
            }
            minGap = Math.Min(minGap, D(f[6]));
            checkedRows++;
        }
        Assert.True(checkedRows > 1000, $"{checkedRows} rows with a lead");
        JsonElement kpis = result.GetProperty("kpis");
        // The series is written round-trip and result.json to 6 decimals: rounded alike, the extremes are the KPIs.
        Assert.Equal(kpis.GetProperty("min_lead_distance").GetDouble(), Math.Round(minGap, 6));
        Assert.Equal(kpis.GetProperty("min_ttc").GetDouble(), Math.Round(minTtc, 6));
        Assert.True(Math.Abs(kpis.GetProperty("max_decel").GetDouble() - maxDecel) < 1e-5);
    }

    [Fact]
    public void Bad_inputs_are_errors_that_name_the_file_and_write_no_page()
    {
        using var dir = new TempDir();
        CliResult r = SimCli.InProcess("view", dir.File("nothing-here"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("nothing-here", r.StdErr);

        Directory.CreateDirectory(dir.File("empty"));
        r = SimCli.InProcess("view", dir.File("empty"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no result.json", r.StdErr);

        string outDir = dir.File("run");
        Assert.Equal(0, SimCli.InProcess("run", Scenario("euroncap/ccrs_50.yaml"), "--out", outDir, "--quiet").ExitCode);
        string csv = Path.Combine(outDir, "trajectories.csv");
        string[] lines = File.ReadAllLines(csv);
        lines[7] = lines[7].Replace(",ego,", ",nobody,", StringComparison.Ordinal);
        File.WriteAllLines(csv, lines);
        r = SimCli.InProcess("view", outDir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("trajectories.csv:8: entity 'nobody' is not one of the run's", r.StdErr);
        Assert.False(File.Exists(Path.Combine(outDir, "view.html")));
        Assert.False(File.Exists(Path.Combine(outDir, "view.html.partial")));

        File.Delete(Path.Combine(outDir, "scene.json"));
        r = SimCli.InProcess("view", outDir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no scene.json", r.StdErr);

        File.WriteAllText(dir.File("not.mcap"), "definitely not MCAP");
        r = SimCli.InProcess("view", dir.File("not.mcap"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not.mcap", r.StdErr);
    }

    [Fact]
    public void A_moved_scenario_still_views_without_roads_and_says_why()
    {
        using var dir = new TempDir();
        string scenario = dir.Write("ccrs.yaml", File.ReadAllText(Scenario("euroncap/ccrs_50.yaml")).Replace("../roads/straight_2lane.yaml", Scenario("roads/straight_2lane.yaml"), StringComparison.Ordinal));
        string outDir = dir.File("run");
        Assert.Equal(0, SimCli.InProcess("run", scenario, "--out", outDir, "--quiet").ExitCode);
        File.Delete(scenario);
        CliResult r = SimCli.InProcess("view", outDir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("roads not drawn", r.StdErr);
        Assert.Contains("\"map\":null", File.ReadAllText(Path.Combine(outDir, "view.html")));
        // --scenario gives the roads back.
        r = SimCli.InProcess("view", outDir, "--scenario", Scenario("euroncap/ccrs_50.yaml"), "--quiet");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("\"lanes\":[{", File.ReadAllText(Path.Combine(outDir, "view.html")));
    }

    [Fact]
    public void Batch_with_view_links_every_run_to_its_page()
    {
        using var dir = new TempDir();
        string outDir = dir.File("batch");
        CliResult r = SimCli.InProcess("batch", Scenario("euroncap/ccrs_50.yaml"), Scenario("highway_cut_in.yaml"), "--out", outDir, "--jobs", "2", "--view", "--quiet");
        Assert.True(r.ExitCode is 0 or 1, r.ToString());
        string report = File.ReadAllText(Path.Combine(outDir, "report.html"));
        MatchCollection links = Regex.Matches(report, "<a class=\"view\" href=\"([^\"]+)\">view</a>");
        Assert.Equal(2, links.Count);
        foreach (Match m in links)
        {
            Assert.True(File.Exists(Path.Combine(outDir, m.Groups[1].Value)), m.Groups[1].Value);
        }
    }
}
