namespace Sim.Runtime.Batch;

/// <summary>Every run of a batch (or of merged shards) and what is summed up from them.</summary>
public sealed class BatchOutcome
{
    internal BatchOutcome(IEnumerable<RunRecord> runs, double wallTime, string? shard, IReadOnlyList<string>? mergedFrom = null)
    {
        Runs = runs.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        Families = FamilySummary.Of(Runs);
        WallTime = wallTime;
        Shard = shard;
        MergedFrom = mergedFrom ?? Array.Empty<string>();
    }

    /// <summary>All runs by id.</summary>
    public IReadOnlyList<RunRecord> Runs { get; }

    internal IReadOnlyList<FamilySummary> Families { get; }

    /// <summary>The perception mistakes of every run summed; null when none scored perception.</summary>
    internal PerceptionTally? Perception => PerceptionTally.Sum(Runs.Select(r => r.Perception));

    /// <summary>Seconds the batch took (for a merge: the sum over the shards).</summary>
    public double WallTime { get; }

    /// <summary>"I/N" for a shard's outputs, null otherwise.</summary>
    public string? Shard { get; }

    /// <summary>The shard folders a merge read.</summary>
    public IReadOnlyList<string> MergedFrom { get; }

    /// <summary>Runs that passed.</summary>
    public int Pass => Runs.Count(r => r.Status == "pass");

    /// <summary>Runs where a criterion failed.</summary>
    public int Fail => Runs.Count(r => r.Status == "fail");

    /// <summary>Runs that are errors.</summary>
    public int Error => Runs.Count(r => r.Status == "error");

    /// <summary>Runs found complete and not run again.</summary>
    public int Resumed => Runs.Count(r => r.Resumed);

    /// <summary>The ten runs with the longest wall time (ties by id).</summary>
    internal IReadOnlyList<RunRecord> Slowest => Runs.Where(r => !r.Resumed || r.WallTime > 0)
        .OrderByDescending(r => r.WallTime).ThenBy(r => r.Id, StringComparer.Ordinal).Take(10).ToList();

    /// <summary>Error on any error, else fail on any failed criterion, else pass.</summary>
    public Verdict Verdict => Error > 0 ? Verdict.Error : Fail > 0 ? Verdict.Fail : Verdict.Pass;

    /// <summary>The one-line summary printed at the end, also with --quiet.</summary>
    public string Line(string outDir)
        => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"batch{(Shard is null ? "" : $" shard {Shard}")}: {Runs.Count} runs ({Runs.Count - Resumed} run, {Resumed} resumed): {Pass} pass, {Fail} fail, {Error} error in {WallTime:F1} s; summary in {Path.Combine(outDir, "summary.json")}");
}
