namespace SimCore.Kpis;

/// <summary>Outcome of one pass/fail criterion.</summary>
/// <param name="Name">The criterion as written in the scenario.</param>
/// <param name="Kpi">KPI it tests.</param>
/// <param name="Operator">Comparison (&gt;=, &lt;=, ...).</param>
/// <param name="Threshold">Value compared against.</param>
/// <param name="Value">Measured KPI value (null when not measured).</param>
/// <param name="Passed">Verdict.</param>
/// <param name="FailedAt">Simulation time of the first violation (s), when it failed during the run.</param>
public sealed record CriterionResult(string Name, string Kpi, string Operator, double Threshold, double? Value, bool Passed, double? FailedAt)
{
    /// <summary>Where the criterion comes from: "scenario" (written in it) or "default" (added for a format without criteria, such as OpenSCENARIO's ego_no_collision).</summary>
    public string Source { get; init; } = "scenario";

    /// <summary>Why its KPI does not apply to this run (the criterion then passes), or null.</summary>
    public string? NotApplicable { get; init; }
}
