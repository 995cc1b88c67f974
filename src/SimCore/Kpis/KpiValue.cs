namespace SimCore.Kpis;

/// <summary>One key performance indicator of a run.</summary>
/// <param name="Name">Stable identifier used in criteria and result.json.</param>
/// <param name="Value">Measured value; null when it was never measured (e.g. no lead vehicle, no goal).</param>
/// <param name="Unit">SI unit, or empty for counts and flags.</param>
/// <param name="Description">One line for humans.</param>
public sealed record KpiValue(string Name, double? Value, string Unit, string Description);
