using System.Globalization;

namespace Sim.Runtime.Batch;

/// <summary>
/// A deterministic slice of a batch: shard <see cref="Index"/> (0-based) of <see cref="Count"/>
/// takes the runs whose position in the id-sorted run list is Index modulo Count. Every shard
/// sees the same sorted list, so the slices are disjoint, cover it, and differ in size by at most one.
/// </summary>
/// <param name="Index">0 .. Count-1.</param>
/// <param name="Count">Number of shards.</param>
/// <param name="Source">Where it came from (--shard, JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID), for messages.</param>
public sealed record ShardSpec(int Index, int Count, string Source)
{
    /// <summary>The items of this shard (batch runs, datagen variants), in list order.</summary>
    public IReadOnlyList<T> Select<T>(IReadOnlyList<T> sorted)
        => sorted.Where((_, i) => i % Count == Index).ToList();

    /// <summary>"I/N".</summary>
    public override string ToString() => $"{Index}/{Count}";

    /// <summary>
    /// The shard from --shard I/N; else from JOB_COMPLETION_INDEX (Kubernetes Indexed Job; the
    /// count from --shards, since Kubernetes does not pass it); else SLURM_ARRAY_TASK_ID (minus
    /// SLURM_ARRAY_TASK_MIN) of SLURM_ARRAY_TASK_COUNT (or --shards); else null: the whole list.
    /// </summary>
    /// <exception cref="FormatException">A malformed value, with a message naming it.</exception>
    public static ShardSpec? Resolve(string? shard, int? shards, Func<string, string?> env)
    {
        if (shards is < 1)
        {
            throw new FormatException($"--shards: must be at least 1, not {shards}");
        }
        if (shard is not null)
        {
            int slash = shard.IndexOf('/');
            if (slash <= 0 || !TryInt(shard[..slash], out int i) || !TryInt(shard[(slash + 1)..], out int n) || n < 1 || i < 0 || i >= n)
            {
                throw new FormatException($"--shard: '{shard}' is not I/N with 0 <= I < N (I counts from 0)");
            }
            if (shards is int s && s != n)
            {
                throw new FormatException($"--shard {shard} and --shards {s} disagree");
            }
            return new ShardSpec(i, n, "--shard");
        }
        if (env("JOB_COMPLETION_INDEX") is { Length: > 0 } k8s)
        {
            if (!TryInt(k8s, out int i))
            {
                throw new FormatException($"JOB_COMPLETION_INDEX: '{k8s}' is not a non-negative integer");
            }
            if (shards is not int n)
            {
                throw new FormatException("JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job): give the job's completions as --shards N");
            }
            if (i >= n)
            {
                throw new FormatException($"JOB_COMPLETION_INDEX {i} is not below --shards {n}");
            }
            return new ShardSpec(i, n, "JOB_COMPLETION_INDEX");
        }
        if (env("SLURM_ARRAY_TASK_ID") is { Length: > 0 } slurm)
        {
            int min = 0;
            if (!TryInt(slurm, out int id) || (env("SLURM_ARRAY_TASK_MIN") is { Length: > 0 } m && !TryInt(m, out min)))
            {
                throw new FormatException($"SLURM_ARRAY_TASK_ID: '{slurm}' (or SLURM_ARRAY_TASK_MIN) is not a non-negative integer");
            }
            int n;
            if (shards is int s)
            {
                n = s;
            }
            else if (!TryInt(env("SLURM_ARRAY_TASK_COUNT") ?? "", out n) || n < 1)
            {
                throw new FormatException("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not: give --shards N");
            }
            int i = id - min;
            if (i < 0 || i >= n)
            {
                throw new FormatException($"SLURM_ARRAY_TASK_ID {id} (minus SLURM_ARRAY_TASK_MIN {min}) is not in 0..{n - 1}: use --array=0-{n - 1}");
            }
            return new ShardSpec(i, n, "SLURM_ARRAY_TASK_ID");
        }
        return shards is int only and > 1
            ? throw new FormatException("--shards without --shard, JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID: which shard is this?")
            : null;
    }

    private static bool TryInt(string s, out int v)
        => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out v);
}
