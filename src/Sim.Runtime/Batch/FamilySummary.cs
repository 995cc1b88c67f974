namespace Sim.Runtime.Batch;

/// <summary>The runs of one scenario family (one scenario across its sweep): counts and KPI distributions.</summary>
/// <param name="Family">The family name.</param>
/// <param name="Runs">Its runs, by id.</param>
internal sealed record FamilySummary(string Family, IReadOnlyList<RunRecord> Runs)
{
    public int Pass => Runs.Count(r => r.Status == "pass");

    public int Fail => Runs.Count(r => r.Status == "fail");

    public int Error => Runs.Count(r => r.Status == "error");

    public IReadOnlyList<KpiDistribution> Kpis { get; } = KpiDistribution.Of(Runs);

    /// <summary>The perception mistakes of its runs summed; null when none scored perception.</summary>
    public PerceptionTally? Perception { get; } = PerceptionTally.Sum(Runs.Select(r => r.Perception));

    /// <summary>The families of <paramref name="runs"/>, by name.</summary>
    public static IReadOnlyList<FamilySummary> Of(IEnumerable<RunRecord> runs)
        => runs.GroupBy(r => r.Family, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new FamilySummary(g.Key, g.OrderBy(r => r.Id, StringComparer.Ordinal).ToList()))
            .ToList();
}
