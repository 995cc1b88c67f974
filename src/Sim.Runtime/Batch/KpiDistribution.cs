namespace Sim.Runtime.Batch;

/// <summary>How one KPI spreads over the runs of a family that measured it.</summary>
/// <param name="Kpi">The KPI's name.</param>
/// <param name="Values">The measured values (null KPIs left out), sorted ascending.</param>
internal sealed record KpiDistribution(string Kpi, IReadOnlyList<double> Values)
{
    public int Count => Values.Count;

    public double Min => Values[0];

    public double Max => Values[^1];

    public double Mean => Values.Average();

    public double P50 => Percentile(0.50);

    public double P95 => Percentile(0.95);

    /// <summary>
    /// Linear interpolation between the closest ranks, h = (n - 1) p (numpy's and Excel's
    /// PERCENTILE.INC default), so a figure can be checked with any spreadsheet.
    /// </summary>
    public double Percentile(double p)
    {
        double h = (Values.Count - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, Values.Count - 1);
        return Values[lo] + (h - lo) * (Values[hi] - Values[lo]);
    }

    /// <summary>The distribution of every KPI measured by at least one of <paramref name="runs"/>, in result.json's order.</summary>
    public static IReadOnlyList<KpiDistribution> Of(IEnumerable<RunRecord> runs)
    {
        var order = new List<string>();
        var values = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (RunRecord r in runs)
        {
            foreach (KeyValuePair<string, double?> k in r.Kpis)
            {
                if (!values.TryGetValue(k.Key, out List<double>? list))
                {
                    values[k.Key] = list = new List<double>();
                    order.Add(k.Key);
                }
                if (k.Value is double v && double.IsFinite(v))
                {
                    list.Add(v);
                }
            }
        }
        return order.Where(k => values[k].Count > 0)
            .Select(k => new KpiDistribution(k, values[k].Order().ToList()))
            .ToList();
    }
}
