using System.Globalization;
using Sim.Runtime.Batch;

namespace Sim.Runtime.Tests.Batch;

/// <summary>How `sim batch` finds scenarios, expands sweeps and names runs.</summary>
public sealed class BatchPlanningTests
{
    [Fact]
    public void Globs_pick_scenarios_and_skip_roads()
    {
        using var dir = new TempDir();
        dir.Write("lib/ccrs.yaml", ScenarioText.Ccrs());
        dir.Write("lib/sub/cut_in_fail.yaml", ScenarioText.CutInFailing());
        dir.Write("lib/roads/straight.yaml", File.ReadAllText(Path.Combine(Repo.Scenarios, "roads", "straight_2lane.yaml")));
        dir.Write("lib/notes.yaml", "title: not a scenario\n");
        IReadOnlyList<ScenarioInput> found = ScenarioInputs.Find(new[] { dir.File("lib") + "/**/*.yaml" });
        Assert.Equal(new[] { "ccrs", "sub/cut_in_fail" }, found.Select(f => f.Family));
        Assert.Equal(new[] { "ego_speed", "target_distance", "target_speed" }, found[0].Declared.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "sub/cut_in_fail" }, ScenarioInputs.Find(new[] { dir.File("lib") + "/sub/*.yaml" }).Select(f => "sub/" + f.Family));
    }

    [Fact]
    public void Sweep_product_and_samples_are_deterministic()
    {
        using var dir = new TempDir();
        string product = dir.Write("p.yaml", "parameters:\n  a: {from: 0.1, to: 0.3, step: 0.1}\n  b: [x, y]\n  c: {uniform: {min: 1, max: 2}, count: 2}\n");
        SweepFile p = SweepFile.Load(product);
        var declared = new HashSet<string> { "a", "b", "c" };
        IReadOnlyList<IReadOnlyDictionary<string, string>> sets = p.Combinations(declared);
        Assert.Equal(12, sets.Count);
        Assert.Equal(new[] { "0.1", "0.2", "0.3" }, sets.Select(s => s["a"]).Distinct());
        Assert.All(sets, s => Assert.InRange(double.Parse(s["c"], CultureInfo.InvariantCulture), 1, 2));
        // Only the declared parameters vary.
        Assert.Equal(3, p.Combinations(new HashSet<string> { "a" }).Count);
        Assert.Single(p.Combinations(new HashSet<string>()));

        string samples = dir.Write("s.yaml", "seed: 9\ncombine: samples\nsamples: 20\nparameters:\n  n: {normal: {mean: 10, sd: 2}}\n  u: {uniform: {min: 0, max: 1}}\n");
        SweepFile s1 = SweepFile.Load(samples), s2 = SweepFile.Load(samples);
        var both = new HashSet<string> { "n", "u" };
        Assert.Equal(s1.Combinations(both).Select(RunId.ParameterSuffix), s2.Combinations(both).Select(RunId.ParameterSuffix));
        Assert.Equal(20, s1.Combinations(both).Count);
        double mean = s1.Combinations(both).Average(s => double.Parse(s["n"], CultureInfo.InvariantCulture));
        Assert.InRange(mean, 8, 12);
        Assert.NotEqual(s1.Combinations(both)[0]["n"], s1.Combinations(both)[1]["n"]);
    }

    [Fact]
    public void Run_ids_are_sorted_sanitised_names()
    {
        Assert.Equal("euroncap/ccrs__a=1__ego_speed=13.89",
            RunId.Of("euroncap/ccrs", new Dictionary<string, string> { ["ego_speed"] = "13.89", ["a"] = "1" }));
        Assert.Equal("x__p=a_b_c", RunId.Of("x", new Dictionary<string, string> { ["p"] = "a/b c" }));
        Assert.Equal("my_scenarios/___", RunId.Family("my scenarios/.."));
    }
}
