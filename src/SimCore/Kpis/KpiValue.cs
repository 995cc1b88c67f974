namespace SimCore.Kpis;

/// <summary>One key performance indicator of a run.</summary>
/// <param name="Name">Stable identifier used in criteria and result.json.</param>
/// <param name="Value">Measured value; null when it was never measured (e.g. no lead vehicle, no goal).</param>
/// <param name="Unit">SI unit, or empty for counts and flags.</param>
/// <param name="Description">One line for humans.</param>
public sealed record KpiValue(string Name, double? Value, string Unit, string Description)
{
    /// <summary>Why the KPI does not apply to this run (e.g. "no road network" for lane KPIs), or null when it does; its value is then null.</summary>
    public string? NotApplicable { get; init; }
}
