using System.Globalization;

namespace Sim.Runtime.Batch;

/// <summary>
/// The ego's speed, and the gap and TTC to the vehicle ahead, over time, read back from a run's
/// trajectories.csv for the plots of a failing run.
/// </summary>
/// <param name="Ego">The entity taken as the ego.</param>
/// <param name="Time">Sample times (s).</param>
/// <param name="Speed">Ego speed (m/s).</param>
/// <param name="Gap">Distance between reference points to the nearest entity ahead within half a lane of the ego's line, or null.</param>
/// <param name="Ttc">Gap / closing speed while closing, capped at <see cref="TtcCap"/>, or null.</param>
internal sealed record EgoTrace(string Ego, IReadOnlyList<double> Time, IReadOnlyList<double?> Speed, IReadOnlyList<double?> Gap, IReadOnlyList<double?> Ttc)
{
    /// <summary>Longer TTCs say nothing useful on a plot.</summary>
    public const double TtcCap = 10;

    private const int MaxPoints = 500;
    private const double HalfCorridor = 1.8;
    private const double MaxRange = 200;

    private sealed record Row(string Entity, double X, double Y, double Heading, double Speed);

    /// <summary>
    /// Reads <paramref name="csv"/>. result.json does not name the ego, so it is the entity whose
    /// final and highest speeds match the final_speed and max_speed KPIs (an entity named ego,
    /// Ego or hero breaks ties); null when the file is missing or empty.
    /// </summary>
    public static EgoTrace? Read(string csv, IReadOnlyList<KeyValuePair<string, double?>> kpis)
    {
        if (!File.Exists(csv))
        {
            return null;
        }
        var steps = new List<(double Time, List<Row> Rows)>();
        foreach (string line in File.ReadLines(csv).Skip(1))
        {
            string[] f = line.Split(',');
            if (f.Length < 7 || !double.TryParse(f[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double t))
            {
                continue;
            }
            var row = new Row(f[1], D(f[2]), D(f[3]), D(f[5]), D(f[6]));
            if (steps.Count == 0 || steps[^1].Time != t)
            {
                steps.Add((t, new List<Row>()));
            }
            steps[^1].Rows.Add(row);
        }
        if (steps.Count == 0)
        {
            return null;
        }
        string ego = PickEgo(steps, kpis);
        int stride = Math.Max(1, (steps.Count + MaxPoints - 1) / MaxPoints);
        var time = new List<double>();
        var speed = new List<double?>();
        var gap = new List<double?>();
        var ttc = new List<double?>();
        for (int i = 0; i < steps.Count; i += stride)
        {
            (double t, List<Row> rows) = steps[i];
            Row? e = rows.Find(r => r.Entity == ego);
            time.Add(t);
            speed.Add(e?.Speed);
            (double? g, double? c) = e is null ? (null, null) : Lead(e, rows);
            gap.Add(g);
            ttc.Add(c);
        }
        return new EgoTrace(ego, time, speed, gap, ttc);
    }

    private static (double? Gap, double? Ttc) Lead(Row ego, List<Row> rows)
    {
        double cos = Math.Cos(ego.Heading), sin = Math.Sin(ego.Heading);
        Row? best = null;
        double bestAhead = double.MaxValue;
        foreach (Row r in rows)
        {
            if (r.Entity == ego.Entity)
            {
                continue;
            }
            double dx = r.X - ego.X, dy = r.Y - ego.Y;
            double ahead = dx * cos + dy * sin, side = -dx * sin + dy * cos;
            if (ahead > 0 && ahead < MaxRange && Math.Abs(side) < HalfCorridor && ahead < bestAhead)
            {
                (best, bestAhead) = (r, ahead);
            }
        }
        if (best is null)
        {
            return (null, null);
        }
        double closing = ego.Speed - best.Speed * Math.Cos(best.Heading - ego.Heading);
        return (bestAhead, closing > 0.1 ? Math.Min(TtcCap, bestAhead / closing) : null);
    }

    private static string PickEgo(List<(double Time, List<Row> Rows)> steps, IReadOnlyList<KeyValuePair<string, double?>> kpis)
    {
        double? final = kpis.FirstOrDefault(k => k.Key == "final_speed").Value;
        double? max = kpis.FirstOrDefault(k => k.Key == "max_speed").Value;
        var maxSpeed = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach ((_, List<Row> rows) in steps)
        {
            foreach (Row r in rows)
            {
                maxSpeed[r.Entity] = Math.Max(maxSpeed.GetValueOrDefault(r.Entity, double.MinValue), r.Speed);
            }
        }
        List<Row> last = steps[^1].Rows;
        string[] names = { "ego", "Ego", "hero" };
        return last
            .OrderBy(r => (final is double f && Math.Abs(r.Speed - f) < 1e-3 ? 0 : 2) + (max is double m && Math.Abs(maxSpeed[r.Entity] - m) < 1e-3 ? 0 : 1))
            .ThenBy(r => names.Contains(r.Entity) ? 0 : 1)
            .First().Entity;
    }

    private static double D(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;
}
