namespace Sim.Runtime.Batch;

/// <summary>What one run of a batch gave: its status, KPIs and failed criteria, or why it is an error.</summary>
public sealed record RunRecord
{
    /// <summary>The run id: the scenario's path below its input, without extension, and its parameter values (docs/batch.md).</summary>
    public required string Id { get; init; }

    /// <summary>The id without the parameter values: one scenario across its sweep.</summary>
    public required string Family { get; init; }

    /// <summary>The scenario file as given to the child.</summary>
    public required string Scenario { get; init; }

    /// <summary>The swept values passed as --param NAME=VALUE.</summary>
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>pass, fail or error.</summary>
    public required string Status { get; init; }

    /// <summary>Why the run is an error (the child's last stderr line, a timeout, non-determinism); null otherwise.</summary>
    public string? Reason { get; init; }

    /// <summary>The child's exit code; null when it was killed (timeout) or not run (resumed).</summary>
    public int? ExitCode { get; init; }

    /// <summary>Wall time of the run in seconds: the child process, start to exit (for a resumed run, result.json's wall_time).</summary>
    public double WallTime { get; init; }

    /// <summary>result.json's state_hash, or null for an error.</summary>
    public string? StateHash { get; init; }

    /// <summary>The criteria that failed.</summary>
    public IReadOnlyList<CriterionRecord> FailedCriteria { get; init; } = Array.Empty<CriterionRecord>();

    /// <summary>Every KPI of result.json in its order; null where not measured.</summary>
    public IReadOnlyList<KeyValuePair<string, double?>> Kpis { get; init; } = Array.Empty<KeyValuePair<string, double?>>();

    /// <summary>result.json's perception mistakes (docs/hil-scoring.md); null when the run scored no perception.</summary>
    internal PerceptionTally? Perception { get; init; }

    /// <summary>True when --resume found a complete result.json and did not run it again.</summary>
    public bool Resumed { get; init; }

    /// <summary>Full path of the run's output folder (result.json, trajectories.csv).</summary>
    public required string Directory { get; init; }

    /// <summary>Order of the report: errors, then failures, then passes.</summary>
    internal int Severity => Status switch { "error" => 0, "fail" => 1, _ => 2 };
}
