using System.CommandLine;
using Sim.Runtime.Batch;
using SimCore.Diagnostics;

namespace Sim.Cli.Commands;

/// <summary>`sim report merge DIR... --out DIR`: one summary.json, junit.xml and report.html from the outputs of batch shards.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var dirs = new Argument<string[]>("dirs") { Description = "Output folders of `sim batch` (shards)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Folder for the merged summary.json, junit.xml and report.html", Required = true };
        var merge = new Command("merge", "Merge the summary.json of batch shards into one summary.json, junit.xml and report.html (run folders stay where they are). Exit as the merged batch: 0 all pass, 1 a criterion failed, 2 any error or bad input.");
        merge.Arguments.Add(dirs);
        merge.Options.Add(output);
        merge.SetAction(r => Merge(r.GetValue(dirs)!, r.GetValue(output)!));
        var cmd = new Command("report", "Reports over batch outputs");
        cmd.Subcommands.Add(merge);
        return cmd;
    }

    internal static int Merge(IReadOnlyList<string> dirs, string outDir)
    {
        var runs = new List<RunRecord>();
        var from = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<InputError>();
        double wall = 0;
        foreach (string dir in dirs)
        {
            try
            {
                (IReadOnlyList<RunRecord> shardRuns, double shardWall) = SummaryJson.Read(dir);
                wall += shardWall;
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
        if (errors.Count > 0)
        {
            CommonOptions.Print(errors);
            return ExitCodes.BadInput;
        }
        var outcome = new BatchOutcome(runs, wall, shard: null, mergedFrom: dirs.Select(d => Path.GetFullPath(d)).ToList());
        try
        {
            BatchOutputs.Write(outDir, outcome);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{outDir}: error: cannot write the merged report: {e.Message}");
            return ExitCodes.BadInput;
        }
        Console.WriteLine(outcome.Line(outDir).Replace("batch:", $"merged {dirs.Count} folders:", StringComparison.Ordinal));
        return ExitCodes.Of(outcome.Verdict);
    }
}
