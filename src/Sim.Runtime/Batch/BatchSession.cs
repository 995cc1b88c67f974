using SimCore.Diagnostics;

namespace Sim.Runtime.Batch;

/// <summary>`sim batch`'s plan and `sim report merge` (docs/batch.md, docs/scaling.md).</summary>
public static class BatchSession
{
    /// <summary>
    /// The runs of <paramref name="inputs"/> (scenario files, folders, globs) swept by the sweep file
    /// at <paramref name="sweepPath"/> (or none), sorted by id: the list shards are cut from.
    /// </summary>
    /// <exception cref="InputException">An input that names nothing, a bad sweep file, or a swept name no scenario declares.</exception>
    public static IReadOnlyList<RunSpec> Runs(IReadOnlyList<string> inputs, string? sweepPath)
    {
        IReadOnlyList<ScenarioInput> scenarios = ScenarioInputs.Find(inputs);
        SweepFile? sweep = sweepPath is null ? null : SweepFile.Load(sweepPath);
        if (sweep is not null)
        {
            // A swept name no scenario declares is almost surely a typo: it would silently sweep nothing.
            List<InputError> unused = sweep.Parameters
                .Where(p => !scenarios.Any(s => s.Declared.Contains(p.Name)))
                .Select(p => new InputError(p.Where, $"'{p.Name}' is a parameter of none of the {scenarios.Count} scenarios (they declare: {string.Join(", ", scenarios.SelectMany(s => s.Declared).Distinct().Order(StringComparer.Ordinal).DefaultIfEmpty("nothing"))})"))
                .ToList();
            if (unused.Count > 0)
            {
                throw new InputException(unused);
            }
        }
        return RunSpec.Expand(scenarios, sweep);
    }

    /// <summary>
    /// Merges the summaries of batch shards in <paramref name="dirs"/> into one summary.json,
    /// junit.xml and report.html in <paramref name="outDir"/> (run folders stay where they are).
    /// </summary>
    /// <exception cref="InputException">A folder without a summary, or a run in two shards.</exception>
    /// <exception cref="RunException">The merged report cannot be written.</exception>
    public static BatchOutcome Merge(IReadOnlyList<string> dirs, string outDir)
    {
        var runs = new List<RunRecord>();
        var from = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<InputError>();
        var shards = new List<ShardSpec>();
        double wall = 0;
        foreach (string dir in dirs)
        {
            string summary = Path.Combine(dir, SummaryJson.FileName);
            if (Directory.Exists(dir) && !File.Exists(summary))
            {
                // summary.json is the last file a batch writes (and removed when one starts): without it
                // the runs in the folder are a killed, timed-out or still running batch's, not a result.
                errors.Add(new InputError(new SourceLocation(summary, 0, 0), "incomplete: no summary.json, so the batch writing this folder has not finished (killed, timed out or still running); run it again with --resume, then merge"));
                continue;
            }
            try
            {
                (IReadOnlyList<RunRecord> shardRuns, double shardWall, ShardSpec? shard) = SummaryJson.Read(dir);
                wall += shardWall;
                if (shard is not null)
                {
                    shards.Add(shard);
                }
                foreach (RunRecord r in shardRuns)
                {
                    if (from.TryGetValue(r.Id, out string? other))
                    {
                        // Shards are disjoint; the same id twice means two batches were mixed up.
                        errors.Add(new InputError(new SourceLocation(Path.Combine(dir, SummaryJson.FileName), 0, 0), $"run '{r.Id}' is also in {other}: shards of one batch never share a run"));
                        continue;
                    }
                    from[r.Id] = dir;
                    runs.Add(r);
                }
            }
            catch (InputException e)
            {
                errors.AddRange(e.Errors);
            }
        }
        errors.AddRange(MissingShards(shards));
        if (errors.Count > 0)
        {
            throw new InputException(errors);
        }
        var outcome = new BatchOutcome(runs, wall, shard: null, mergedFrom: dirs.Select(d => Path.GetFullPath(d)).ToList());
        try
        {
            BatchOutputs.Write(outDir, outcome);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunException(outDir, $"cannot write the merged report: {e.Message}", e);
        }
        return outcome;
    }

    /// <summary>
    /// Shard I of N holds only its slice, so a merge holding any shard of N must hold all N: a shard
    /// whose task never finished, or whose folder a glob missed, would otherwise leave its runs out
    /// of a summary that looks complete.
    /// </summary>
    private static IEnumerable<InputError> MissingShards(IEnumerable<ShardSpec> shards)
    {
        foreach (IGrouping<int, ShardSpec> batch in shards.GroupBy(s => s.Count))
        {
            var present = batch.Select(s => s.Index).ToHashSet();
            List<int> missing = Enumerable.Range(0, batch.Key).Where(i => !present.Contains(i)).ToList();
            if (missing.Count > 0)
            {
                yield return new InputError(new SourceLocation(batch.First().Source, 0, 0),
                    $"incomplete: the merge has shards {string.Join(", ", present.Order())} of {batch.Key} but not {string.Join(", ", missing)} (a task that has not finished, or a folder not given)");
            }
        }
    }
}
