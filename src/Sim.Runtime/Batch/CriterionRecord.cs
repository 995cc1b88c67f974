namespace Sim.Runtime.Batch;

/// <summary>A failed criterion as result.json reports it.</summary>
/// <param name="Name">As written in the scenario, e.g. "min_ttc >= 1.5".</param>
/// <param name="Kpi">The KPI it checks.</param>
/// <param name="Op">The comparison.</param>
/// <param name="Threshold">The bound.</param>
/// <param name="Value">The KPI's value, null when not measured.</param>
/// <param name="FailedAt">Simulation time of the first violation, null when judged at the end.</param>
public sealed record CriterionRecord(string Name, string Kpi, string Op, double? Threshold, double? Value, double? FailedAt)
{
    /// <summary>"max_decel &lt;= 0.01: value 3.6 (threshold 0.01), first at t = 2.3 s".</summary>
    public string Describe()
    {
        string value = Value is double v ? SweepParameter.Format(v) : "not measured";
        string threshold = Threshold is double t ? SweepParameter.Format(t) : "?";
        string at = FailedAt is double f ? $", first at t = {SweepParameter.Format(f)} s" : "";
        return $"{Name}: value {value} {Op} {threshold} does not hold{at}";
    }
}
