using SimCore.Kpis;

namespace SimCore.Simulation;

/// <summary>Everything a run reports (result.json is this, serialised; see docs/kpis.md).</summary>
public sealed record RunResult
{
    /// <summary>Scenario name.</summary>
    public required string Scenario { get; init; }
    /// <summary>Scenario file.</summary>
    public required string File { get; init; }
    /// <summary>Pass or fail.</summary>
    public required RunStatus Status { get; init; }
    /// <summary>Why the run ended.</summary>
    public required EndReason EndReason { get; init; }
    /// <summary>Detail of the end (the stop condition that fired).</summary>
    public string? EndDetail { get; init; }
    /// <summary>Seed used.</summary>
    public required ulong Seed { get; init; }
    /// <summary>Step (s).</summary>
    public required double Step { get; init; }
    /// <summary>Steps simulated.</summary>
    public required long Steps { get; init; }
    /// <summary>Simulated time at the end (s).</summary>
    public required double SimTime { get; init; }
    /// <summary>Threads used for the per-entity phases.</summary>
    public required int Threads { get; init; }
    /// <summary>Hash of every entity's state at every step (16 hex digits).</summary>
    public required string StateHash { get; init; }
    /// <summary>Criteria verdicts.</summary>
    public required IReadOnlyList<CriterionResult> Criteria { get; init; }
    /// <summary>KPIs of the ego.</summary>
    public required IReadOnlyList<KpiValue> Kpis { get; init; }
    /// <summary>Comfort bounds the ego exceeded.</summary>
    public required IReadOnlyList<string> ComfortViolations { get; init; }
    /// <summary>All collisions.</summary>
    public required IReadOnlyList<CollisionRecord> Collisions { get; init; }
    /// <summary>Timestamped event log.</summary>
    public required IReadOnlyList<SimEvent> Events { get; init; }
}
