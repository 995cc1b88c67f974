using System.Globalization;
using System.Text;

namespace Sim.Tests.Shared;

/// <summary>Scenario texts the tests write into temporary directories.</summary>
internal static class ScenarioText
{
    /// <summary>highway_cut_in.yaml with its road file referenced by absolute path, so the copy runs from anywhere.</summary>
    public static string CutIn()
    {
        string road = Path.Combine(Repo.Scenarios, "roads", "highway_3lane.yaml").Replace('\\', '/');
        string text = File.ReadAllText(Repo.CutIn);
        Assert.Contains("file: roads/highway_3lane.yaml", text);
        return text.Replace("file: roads/highway_3lane.yaml", $"file: \"{road}\"", StringComparison.Ordinal);
    }

    /// <summary>The 1-based number of the first line of <paramref name="text"/> that starts with <paramref name="start"/>.</summary>
    public static int LineOf(string text, string start)
        => Array.FindIndex(text.Split('\n'), l => l.StartsWith(start, StringComparison.Ordinal)) is int i and >= 0 ? i + 1
            : throw new ArgumentException($"no line starts with '{start}'", nameof(start));

    /// <summary>ccrs.yaml with its road by absolute path (declares ego_speed, target_distance, target_speed).</summary>
    public static string Ccrs()
    {
        string road = Path.Combine(Repo.Scenarios, "roads", "straight_2lane.yaml").Replace('\\', '/');
        string text = File.ReadAllText(Path.Combine(Repo.Scenarios, "euroncap", "ccrs.yaml"));
        Assert.Contains("road: {file: ../roads/straight_2lane.yaml}", text);
        return text.Replace("road: {file: ../roads/straight_2lane.yaml}", $"road: {{file: \"{road}\"}}", StringComparison.Ordinal);
    }

    /// <summary>The cut-in with 'max_decel &lt;= 4' tightened to a bound any braking breaks.</summary>
    public static string CutInFailing()
    {
        string text = CutIn();
        Assert.Contains("  - max_decel <= 4\n", text.ReplaceLineEndings("\n"));
        return text.ReplaceLineEndings("\n").Replace("  - max_decel <= 4\n", "  - max_decel <= 0.01\n", StringComparison.Ordinal);
    }

    /// <summary>
    /// A ring road (one full-circle arc linked to itself) with <paramref name="lanes"/> right lanes and
    /// <paramref name="vehicles"/> IDM cars spread evenly over the lanes, plus an optional reference-driven ego.
    /// </summary>
    public static string IdmRing(int vehicles, int lanes, double circumference, double duration, double step, bool ego)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(c, $"name: ring_idm_{vehicles}\n");
        sb.Append(c, $"duration: {duration}\nstep: {step}\nseed: 7\n");
        sb.Append("road:\n  id: ring\n  geometry:\n");
        sb.Append(c, $"    - arc: {{length: {circumference}, curvature: {2 * Math.PI / circumference:R}}}\n");
        sb.Append("  speed_limit: 30\n  lanes:\n    right:\n");
        for (int l = 0; l < lanes; l++)
        {
            sb.Append("      - {width: 3.75}\n");
        }
        sb.Append("  successor: {road: ring, contact: start}\n  predecessor: {road: ring, contact: end}\n");
        sb.Append("entities:\n");
        int perLane = (vehicles + lanes - 1) / lanes;
        double spacing = circumference / perLane;
        if (ego)
        {
            // Half a gap behind the first car of lane -2, so it follows and is followed.
            sb.Append(c, $"  - {{name: ego, type: car, position: {{road: ring, lane: -2, s: {circumference - 0.5 * spacing:0.###}}}, speed: 10, driver: reference}}\n");
        }
        for (int i = 0; i < vehicles; i++)
        {
            int lane = -(1 + i % lanes);
            double s = (i / lanes) * spacing + (i % lanes) * 0.25 * spacing;
            double v0 = 8 + (i * 7 % 11);
            double desired = 20 + (i * 5 % 13);
            sb.Append(c, $"  - {{name: v{i:0000}, type: car, position: {{road: ring, lane: {lane}, s: {s:0.###}}}, speed: {v0}, behavior: {{type: idm, desired_speed: {desired}}}}}\n");
        }
        return sb.ToString();
    }
}
