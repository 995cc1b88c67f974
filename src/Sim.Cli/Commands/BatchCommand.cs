using System.CommandLine;
using Sim.Cli.Output;
using Sim.Runtime.Batch;
using SimCore.Diagnostics;

namespace Sim.Cli.Commands;

/// <summary>`sim batch INPUT...`: many scenario runs, in parallel child processes, with one summary (docs/batch.md).</summary>
internal static class BatchCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Scenario files, folders (searched recursively) and globs ('scenarios/**/*.yaml')", Arity = ArgumentArity.OneOrMore };
        var sweep = new Option<string?>("--sweep") { Description = "Sweep file: parameter ranges, lists and random draws, and their product or a sample count (docs/batch.md)" };
        var output = new Option<string>("--out") { Description = "Output folder: DIR/<run id>/, summary.json, junit.xml, report.html", DefaultValueFactory = _ => "batch-out" };
        var jobs = new Option<int>("--jobs") { Description = "Runs at once, each in its own process (default: the number of cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var timeout = new Option<double>("--timeout") { Description = "Seconds a run may take before it is killed and reported as an error", DefaultValueFactory = _ => 300 };
        var shard = new Option<string?>("--shard") { Description = "Run slice I/N of the id-sorted run list (I from 0); default from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID" };
        var shards = new Option<int?>("--shards") { Description = "Number of shards when the index comes from JOB_COMPLETION_INDEX (Kubernetes does not pass the count)" };
        var resume = new Option<bool>("--resume") { Description = "Skip runs whose DIR/<run id>/result.json is complete" };
        var determinism = new Option<bool>("--check-determinism") { Description = "Run each twice in separate processes; a different state_hash or trajectories.csv makes the run an error" };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the final summary line" };
        var view = new Option<bool>("--view") { Description = "Also write each run's view.html (sim run --view, docs/view.md); the report links every run to its page" };
        var cmd = new Command("batch", "Run many scenarios (and parameter sweeps) in parallel child processes; write a folder per run, summary.json, junit.xml and report.html. Exit 0 all pass, 1 a criterion failed, 2 any error.");
        cmd.Arguments.Add(inputs);
        foreach (Option o in new Option[] { sweep, output, jobs, timeout, shard, shards, resume, determinism, view, quiet })
        {
            cmd.Options.Add(o);
        }
        cmd.SetAction(r =>
        {
            if (r.GetValue(jobs) < 1)
            {
                Console.Error.WriteLine("--jobs: error: must be at least 1");
                return ExitCodes.BadInput;
            }
            double seconds = r.GetValue(timeout);
            if (!(seconds > 0) || double.IsInfinity(seconds))
            {
                Console.Error.WriteLine("--timeout: error: must be a positive number of seconds");
                return ExitCodes.BadInput;
            }
            ShardSpec? slice;
            try
            {
                slice = ShardSpec.Resolve(r.GetValue(shard), r.GetValue(shards), Environment.GetEnvironmentVariable);
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            return Execute(r.GetValue(inputs)!, r.GetValue(sweep), r.GetValue(output)!, r.GetValue(jobs), TimeSpan.FromSeconds(seconds), slice,
                r.GetValue(resume), r.GetValue(determinism), r.GetValue(quiet), r.GetValue(view));
        });
        return cmd;
    }

    internal static int Execute(IReadOnlyList<string> inputs, string? sweepPath, string outDir, int jobs, TimeSpan timeout, ShardSpec? shard, bool resume, bool checkDeterminism, bool quiet, bool view = false)
    {
        IReadOnlyList<RunSpec> all;
        try
        {
            all = BatchSession.Runs(inputs, sweepPath);
        }
        catch (InputException e)
        {
            CommonOptions.Print(e.Errors);
            return ExitCodes.BadInput;
        }
        IReadOnlyList<RunSpec> runs = shard is null ? all : shard.Select(all);
        try
        {
            BatchOutputs.Prepare(outDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{outDir}: error: cannot use it as the output folder: {e.Message}");
            return ExitCodes.BadInput;
        }
        if (!quiet)
        {
            Console.Error.WriteLine($"batch: {runs.Count} runs{(shard is null ? "" : $" (shard {shard} from {shard.Source}, of {all.Count})")}, {jobs} at a time, into {outDir}");
        }
        var progress = new BatchProgress(runs.Count, quiet, Console.Error, terminal: !Console.IsErrorRedirected);
        BatchOutcome outcome = BatchRunner.Run(new BatchPlan(runs, outDir, jobs, timeout, resume, checkDeterminism, shard, view), SimExecutable.Current(), progress.Finished);
        progress.Complete();
        BatchOutputs.Write(outDir, outcome);
        Console.WriteLine(outcome.Line(outDir));
        return ExitCodes.Of(outcome.Verdict);
    }
}
