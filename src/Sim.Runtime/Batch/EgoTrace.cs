using Sim.Runtime.Output;

namespace Sim.Runtime.Batch;

/// <summary>
/// The ego's speed, and the lead distance and TTC to its in-path object, over time, for the plots
/// of a failing run: the KPI monitor's own measures from the run's kpi_series.csv (docs/kpis.md),
/// so a plot and the run's min_ttc or min_lead_distance can never disagree.
/// </summary>
/// <param name="Ego">The ego's name.</param>
/// <param name="Time">Sample times (s).</param>
/// <param name="Speed">Ego speed (m/s).</param>
/// <param name="Gap">Bumper-to-bumper gap to the in-path object (m), or null without one.</param>
/// <param name="Ttc">Gap over closing speed while closing (s), or null.</param>
/// <param name="MinTtc">The least TTC of the run and when, or null when it never closed on anything.</param>
/// <param name="MinGap">The least gap of the run and when, or null when nothing was in its path.</param>
internal sealed record EgoTrace(string Ego, IReadOnlyList<double> Time, IReadOnlyList<double?> Speed, IReadOnlyList<double?> Gap, IReadOnlyList<double?> Ttc,
    (double Value, double Time)? MinTtc, (double Value, double Time)? MinGap)
{
    /// <summary>Plots draw TTC up to here: longer times say nothing useful on a plot (the minima are exact).</summary>
    public const double TtcCap = 10;

    private const int MaxPoints = 500;

    /// <summary>
    /// Reads the kpi_series.csv and scene.json (for the ego's name) of the run in
    /// <paramref name="runDirectory"/>; null when it has no kpi_series.csv (a run without an ego, or
    /// by an older sim). Long runs keep every k-th row and, in each stretch of k, the rows of the
    /// least TTC and the least gap, so the plots' minima are the run's.
    /// </summary>
    /// <exception cref="InvalidDataException">kpi_series.csv is damaged.</exception>
    public static EgoTrace? Read(string runDirectory)
    {
        string path = Path.Combine(runDirectory, KpiSeriesCsvWriter.FileName);
        if (!File.Exists(path))
        {
            return null;
        }
        KpiSeries k = KpiSeries.Read(path);
        if (k.Time.Length == 0)
        {
            return null;
        }
        double[] speed = k.Column("speed"), gap = k.Column("lead_distance"), ttc = k.Column("ttc");
        int stride = Math.Max(1, (k.Time.Length + MaxPoints - 1) / MaxPoints);
        var kept = new SortedSet<int>();
        for (int start = 0; start < k.Time.Length; start += stride)
        {
            int end = Math.Min(k.Time.Length, start + stride);
            kept.Add(start);
            if (Least(ttc, start, end) is int t)
            {
                kept.Add(t);
            }
            if (Least(gap, start, end) is int g)
            {
                kept.Add(g);
            }
        }
        kept.Add(k.Time.Length - 1);
        int[] rows = kept.ToArray();
        return new EgoTrace(EgoName(runDirectory),
            Array.ConvertAll(rows, i => k.Time[i]),
            Array.ConvertAll(rows, i => Value(speed[i])),
            Array.ConvertAll(rows, i => Value(gap[i])),
            Array.ConvertAll(rows, i => Value(ttc[i]) is double v ? Math.Min(v, TtcCap) : (double?)null),
            Least(ttc, 0, k.Time.Length) is int mt ? (ttc[mt], k.Time[mt]) : null,
            Least(gap, 0, k.Time.Length) is int mg ? (gap[mg], k.Time[mg]) : null);
    }

    private static int? Least(double[] values, int start, int end)
    {
        int? best = null;
        for (int i = start; i < end; i++)
        {
            if (!double.IsNaN(values[i]) && (best is not int b || values[i] < values[b]))
            {
                best = i;
            }
        }
        return best;
    }

    private static double? Value(double v) => double.IsNaN(v) ? null : v;

    private static string EgoName(string runDirectory)
    {
        string scene = Path.Combine(runDirectory, SceneJson.FileName);
        try
        {
            return File.Exists(scene) ? SceneJson.Read(scene).Entities.FirstOrDefault(e => e.Ego)?.Name ?? "ego" : "ego";
        }
        catch (InvalidDataException)
        {
            return "ego";
        }
    }
}
