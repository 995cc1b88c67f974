using System.Globalization;
using System.Text;
using SimCore.Scenarios;

namespace Sim.Benchmarks;

/// <summary>The scenarios the benchmarks step: the library's cut-in and a generated IDM ring road.</summary>
internal static class BenchScenarios
{
    public static string RepoRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Simulation.sln")))
            {
                return d.FullName;
            }
        }
        // BenchmarkDotNet runs each benchmark from a generated project under bin/; the working directory is kept.
        for (DirectoryInfo? d = new(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Simulation.sln")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException("Simulation.sln not found above " + AppContext.BaseDirectory);
    }

    public static string CutInPath => Path.Combine(RepoRoot(), "scenarios", "highway_cut_in.yaml");

    /// <summary>Loads the cut-in afresh (a Scenario owns storyboard state: one per simulator).</summary>
    public static Scenario CutIn() => ScenarioLoader.Load(CutInPath);

    /// <summary>
    /// A multi-lane ring: one road whose geometry is a full-circle arc, linked to itself at both ends,
    /// with <paramref name="vehicles"/> IDM cars spread evenly over <paramref name="lanes"/> right lanes.
    /// </summary>
    public static string RingText(int vehicles, int lanes, double circumference, double duration, double step)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(c, $"name: ring_idm_{vehicles}\nduration: {duration}\nstep: {step}\nseed: 7\n");
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

    /// <summary>1000 IDM cars on a 4-lane, 6 km ring (one car per 24 m of lane), step 0.01 s.</summary>
    public static Scenario Ring(int vehicles = 1000, double duration = 1e6)
        => ScenarioLoader.Parse("ring_idm.yaml", RingText(vehicles, 4, 6000, duration, 0.01));
}
