namespace Sim.Runtime.Batch;

/// <summary>One concrete run of a batch: a scenario with a set of parameter values.</summary>
/// <param name="Id">Stable id (<see cref="RunId"/>); also the run's output folder under the batch's.</param>
/// <param name="Family">The scenario's id without parameter values: runs of one sweep share it.</param>
/// <param name="Scenario">Full path of the scenario file.</param>
/// <param name="Parameters">The values passed as `--param NAME=VALUE`.</param>
public sealed record RunSpec(string Id, string Family, string Scenario, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>
    /// Every run of <paramref name="scenarios"/> under <paramref name="sweep"/> (one per scenario without a sweep), sorted by id.
    /// A parameter value distribution gives one run per assignment, times the sweep over the
    /// parameters it does not assign; assignments that coincide are one run.
    /// </summary>
    internal static IReadOnlyList<RunSpec> Expand(IReadOnlyList<ScenarioInput> scenarios, SweepFile? sweep)
    {
        var runs = new List<RunSpec>();
        foreach (ScenarioInput s in scenarios)
        {
            IReadOnlyList<IReadOnlyDictionary<string, string>> assignments = s.Distribution?.Assignments
                ?? new[] { (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(StringComparer.Ordinal) };
            var swept = s.Declared.Where(n => !assignments.Any(a => a.ContainsKey(n))).ToHashSet(StringComparer.Ordinal);
            IReadOnlyList<IReadOnlyDictionary<string, string>> sets = sweep is null
                ? new[] { (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(StringComparer.Ordinal) }
                : sweep.Combinations(swept);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (IReadOnlyDictionary<string, string> a in assignments)
            {
                foreach (IReadOnlyDictionary<string, string> set in sets)
                {
                    var p = new Dictionary<string, string>(a, StringComparer.Ordinal);
                    foreach ((string k, string v) in set)
                    {
                        p[k] = v;
                    }
                    string id = RunId.Of(s.Family, p);
                    if (ids.Add(id))
                    {
                        runs.Add(new RunSpec(id, s.Family, s.Path, p));
                    }
                }
            }
        }
        // Sorting by id makes the list, and so every shard's slice, independent of input order.
        runs.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return runs;
    }
}
