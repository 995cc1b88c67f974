using SimCore.Diagnostics;
using SimCore.Storyboard;

namespace SimCore.Kpis;

/// <summary>A pass/fail rule on one KPI, as written in a scenario ("min_ttc &gt;= 1.5", "no_collision").</summary>
internal sealed record Criterion(string Text, string Kpi, Rule Rule, double Threshold, SourceLocation Where)
{
    /// <summary>"scenario" when written in the scenario, "default" when added for a format that has none (see <see cref="CriterionResult.Source"/>).</summary>
    public string Source { get; init; } = "scenario";

    /// <summary>
    /// The default verdict of an OpenSCENARIO run, which has no criteria of its own: the ego did
    /// not collide. Without it a nightly run could not see a crash.
    /// </summary>
    public static Criterion EgoNoCollision(SourceLocation where) => new("ego_no_collision", "collisions", Rule.LessOrEqual, 0, where) { Source = "default" };

    /// <summary>Named criteria and the KPI rule each stands for.</summary>
    public static readonly IReadOnlyDictionary<string, (string Kpi, Rule Rule, double Threshold)> Named =
        new Dictionary<string, (string, Rule, double)>
        {
            ["no_collision"] = ("collisions", Rule.LessOrEqual, 0),
            ["no_offroad"] = ("offroad_time", Rule.LessOrEqual, 0),
            ["no_lane_departure"] = ("lane_departures", Rule.LessOrEqual, 0),
            ["goal_reached"] = ("goal_reached", Rule.GreaterOrEqual, 1),
            ["comfortable"] = ("comfortable", Rule.GreaterOrEqual, 1),
            ["collision"] = ("collisions", Rule.GreaterOrEqual, 1),
        };

    /// <summary>
    /// Verdict for a value. An unmeasured minimum (no lead vehicle ever, so no TTC) is treated as
    /// infinite: nothing came close. Any other unmeasured KPI fails.
    /// </summary>
    public bool Passes(double? value)
    {
        if (value is { } v)
        {
            return Rules.Compare(v, Rule, Threshold);
        }
        return KpiMonitor.IsMinimumOfDistanceOrTime(Kpi) && Rules.Compare(double.PositiveInfinity, Rule, Threshold);
    }
}
