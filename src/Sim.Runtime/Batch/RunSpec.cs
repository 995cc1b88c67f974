namespace Sim.Runtime.Batch;

/// <summary>One concrete run of a batch: a scenario with a set of parameter values.</summary>
/// <param name="Id">Stable id (<see cref="RunId"/>); also the run's output folder under the batch's.</param>
/// <param name="Family">The scenario's id without parameter values: runs of one sweep share it.</param>
/// <param name="Scenario">Full path of the scenario file.</param>
/// <param name="Parameters">The values passed as `--param NAME=VALUE`.</param>
public sealed record RunSpec(string Id, string Family, string Scenario, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>Every run of <paramref name="scenarios"/> under <paramref name="sweep"/> (one per scenario without a sweep), sorted by id.</summary>
    internal static IReadOnlyList<RunSpec> Expand(IReadOnlyList<ScenarioInput> scenarios, SweepFile? sweep)
    {
        var runs = new List<RunSpec>();
        foreach (ScenarioInput s in scenarios)
        {
            IReadOnlyList<IReadOnlyDictionary<string, string>> sets = sweep is null
                ? new[] { (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(StringComparer.Ordinal) }
                : sweep.Combinations(s.Declared);
            foreach (IReadOnlyDictionary<string, string> p in sets)
            {
                runs.Add(new RunSpec(RunId.Of(s.Family, p), s.Family, s.Path, p));
            }
        }
        // Sorting by id makes the list, and so every shard's slice, independent of input order.
        runs.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return runs;
    }
}
