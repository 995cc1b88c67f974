using System.Diagnostics;

namespace Sim.Runtime.Batch;

/// <summary>What `sim batch` was asked to do, once its inputs are resolved.</summary>
/// <param name="Runs">The runs of this shard, by id.</param>
/// <param name="OutDir">The output folder.</param>
/// <param name="Jobs">Child processes at once.</param>
/// <param name="Timeout">Per-run limit.</param>
/// <param name="Resume">Skip runs whose result.json is complete.</param>
/// <param name="CheckDeterminism">Run each twice and compare.</param>
/// <param name="View">Each run also writes its view.html.</param>
/// <param name="Shard">The shard, or null.</param>
public sealed record BatchPlan(IReadOnlyList<RunSpec> Runs, string OutDir, int Jobs, TimeSpan Timeout, bool Resume, bool CheckDeterminism, ShardSpec? Shard, bool View = false);

/// <summary>Runs a batch's runs in child processes, <see cref="BatchPlan.Jobs"/> at a time, and collects their records.</summary>
public static class BatchRunner
{
    /// <summary>Runs the plan; <paramref name="finished"/> hears of each run as it ends (from several threads, one at a time per run).</summary>
    public static BatchOutcome Run(BatchPlan plan, SimExecutable sim, Action<RunRecord>? finished = null)
    {
        var watch = Stopwatch.StartNew();
        var records = new RunRecord[plan.Runs.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = plan.Jobs };
        using var children = new ChildProcesses();
        // Each worker only waits on its child: threads are cheap here, the children do the work.
        Parallel.ForEachAsync(Enumerable.Range(0, plan.Runs.Count), options, async (i, cancel) =>
        {
            RunRecord r = await RunOneAsync(plan, sim, plan.Runs[i], children, cancel).ConfigureAwait(false);
            records[i] = r;
            finished?.Invoke(r);
        }).GetAwaiter().GetResult();
        return new BatchOutcome(records, watch.Elapsed.TotalSeconds, plan.Shard?.ToString());
    }

    /// <summary>The folder of a run: its id's '/'-separated parts below the batch's folder.</summary>
    public static string RunDirectory(string outDir, RunSpec run)
        => Path.GetFullPath(Path.Combine(outDir, Path.Combine(run.Id.Split('/'))));

    private static async Task<RunRecord> RunOneAsync(BatchPlan plan, SimExecutable sim, RunSpec run, ChildProcesses children, CancellationToken cancel)
    {
        string dir = RunDirectory(plan.OutDir, run);
        if (plan.Resume && ResultFile.TryRead(Path.Combine(dir, "result.json")) is { Status: "pass" or "fail" } done)
        {
            // result.json appears only complete (renamed from .partial), and trajectories.csv before it.
            return Record(run, dir, done, exitCode: null, wall: done.WallTime) with { Resumed = true };
        }
        ChildRun child = await ChildRun.RunAsync(sim, run, dir, plan.Timeout, children, cancel, plan.View).ConfigureAwait(false);
        RunRecord first = FromChild(run, dir, child, plan.Timeout);
        if (!plan.CheckDeterminism || first.Status == "error")
        {
            return first;
        }
        string again = Path.Combine(dir, "determinism-check");
        ChildRun second = await ChildRun.RunAsync(sim, run, again, plan.Timeout, children, cancel).ConfigureAwait(false);
        RunRecord repeat = FromChild(run, again, second, plan.Timeout);
        if (repeat.Status == "error")
        {
            return first with { Status = "error", Reason = $"determinism check: the second run failed: {repeat.Reason}" };
        }
        string? difference = repeat.StateHash != first.StateHash
            ? $"not deterministic: state_hash {first.StateHash} vs {repeat.StateHash}"
            : FirstDifference(Path.Combine(dir, "trajectories.csv"), Path.Combine(again, "trajectories.csv")) is long at
                ? $"not deterministic: trajectories.csv differs from the second run's at byte {at}"
                : null;
        if (difference is not null)
        {
            // The second run's outputs stay for inspection.
            return first with { Status = "error", Reason = difference + $" (second run in {again})" };
        }
        Directory.Delete(again, recursive: true);
        return first with { WallTime = first.WallTime + repeat.WallTime };
    }

    private static RunRecord FromChild(RunSpec run, string dir, ChildRun child, TimeSpan timeout)
    {
        if (child.TimedOut)
        {
            return Error(run, dir, $"timed out after {timeout.TotalSeconds:0.###} s", null, child.WallTime);
        }
        if (child.ExitCode is ChildRun.PassExit or ChildRun.FailExit)
        {
            return ResultFile.TryRead(Path.Combine(dir, "result.json")) is { } result
                ? Record(run, dir, result, child.ExitCode, child.WallTime)
                : Error(run, dir, $"exit {child.ExitCode} but no complete result.json in {dir}", child.ExitCode, child.WallTime);
        }
        string reason = child.ExitCode == ChildRun.InternalErrorExit
            ? $"internal error (exit 3, a simulator bug): {child.LastErrorLine}"
            : child.LastErrorLine ?? (child.ExitCode < 0 || child.ExitCode > 128 ? $"crashed (exit {child.ExitCode})" : $"exit {child.ExitCode} without a message");
        return Error(run, dir, reason, child.ExitCode, child.WallTime);
    }

    private static RunRecord Record(RunSpec run, string dir, ResultFile result, int? exitCode, double wall) => new()
    {
        Id = run.Id,
        Family = run.Family,
        Scenario = run.Scenario,
        Parameters = run.Parameters,
        Status = result.Status is "pass" or "fail" ? result.Status : "error",
        Reason = result.Status is "pass" or "fail" ? null : $"result.json has status '{result.Status}'",
        ExitCode = exitCode,
        WallTime = wall,
        StateHash = result.StateHash,
        FailedCriteria = result.FailedCriteria,
        Kpis = result.Kpis,
        Perception = result.Perception,
        Directory = dir,
    };

    private static RunRecord Error(RunSpec run, string dir, string reason, int? exitCode, double wall) => new()
    {
        Id = run.Id,
        Family = run.Family,
        Scenario = run.Scenario,
        Parameters = run.Parameters,
        Status = "error",
        Reason = reason,
        ExitCode = exitCode,
        WallTime = wall,
        Directory = dir,
    };

    /// <summary>The offset of the first differing byte (or the shorter length), null when the files are identical.</summary>
    private static long? FirstDifference(string a, string b)
    {
        using var fa = new BufferedStream(File.OpenRead(a));
        using var fb = new BufferedStream(File.OpenRead(b));
        for (long i = 0; ; i++)
        {
            int x = fa.ReadByte(), y = fb.ReadByte();
            if (x != y)
            {
                return i;
            }
            if (x < 0)
            {
                return null;
            }
        }
    }
}
