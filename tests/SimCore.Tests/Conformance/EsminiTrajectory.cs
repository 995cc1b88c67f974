using System.Globalization;
using SimCore.Mathematics;
using SimCore.Simulation;

namespace SimCore.Tests.Conformance;

/// <summary>One row of esmini's trajectory output (long format, one row per entity per step).</summary>
internal readonly record struct TrajectoryRow(double Time, string Entity, double X, double Y, double Z, double Heading, double Speed, double RoadS, int LaneId, double LaneOffset);

/// <summary>A trajectory file as rows per entity, indexed by step.</summary>
internal sealed class EsminiTrajectory
{
    private readonly Dictionary<string, List<TrajectoryRow>> _byEntity = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Entities => _byEntity.Keys;

    public IReadOnlyList<TrajectoryRow> Rows(string entity) => _byEntity[entity];

    public double EndTime => _byEntity.Values.Max(r => r[^1].Time);

    public static EsminiTrajectory Read(string path)
    {
        var t = new EsminiTrajectory();
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }
            string[] f = line.Split(',');
            var row = new TrajectoryRow(D(f[0]), f[1], D(f[2]), D(f[3]), D(f[4]), D(f[5]), D(f[6]), D(f[7]),
                int.Parse(f[8], CultureInfo.InvariantCulture), D(f[9]));
            if (!t._byEntity.TryGetValue(row.Entity, out List<TrajectoryRow>? list))
            {
                t._byEntity[row.Entity] = list = new List<TrajectoryRow>();
            }
            list.Add(row);
        }
        return t;
    }

    /// <summary>
    /// esmini's own --csv_logger file: a few header lines, then one line per step with a block of
    /// 31 fields per entity (name, id, speed, ..., x at +11, y +12, z +13, s +20, t +21, lane +22,
    /// lane offset +23, heading +24).
    /// </summary>
    public static EsminiTrajectory ReadEsminiLog(string path)
    {
        var t = new EsminiTrajectory();
        foreach (string line in File.ReadLines(path))
        {
            if (line.Length == 0 || !char.IsDigit(line[0]))
            {
                continue;
            }
            string[] f = line.Split(',').Select(x => x.Trim()).ToArray();
            double time = D(f[1]);
            for (int i = 2; i + 24 < f.Length && f[i].Length > 0; i += 31)
            {
                var row = new TrajectoryRow(time, f[i], D(f[i + 11]), D(f[i + 12]), D(f[i + 13]), D(f[i + 24]), D(f[i + 2]), D(f[i + 20]),
                    int.Parse(f[i + 22], CultureInfo.InvariantCulture), D(f[i + 23]));
                if (!t._byEntity.TryGetValue(row.Entity, out List<TrajectoryRow>? list))
                {
                    t._byEntity[row.Entity] = list = new List<TrajectoryRow>();
                }
                list.Add(row);
            }
        }
        return t;
    }

    /// <summary>Rows of a simulator run, recorded after the initial state and after every step.</summary>
    public static EsminiTrajectory Record(Simulator sim)
    {
        var t = new EsminiTrajectory();
        var buffer = new EntitySnapshot[sim.EntityCount];
        Simulation.SimHarness.EveryState(sim, s =>
        {
            s.GetSnapshot(buffer);
            foreach (EntitySnapshot e in buffer)
            {
                if (!t._byEntity.TryGetValue(e.Name, out List<TrajectoryRow>? list))
                {
                    t._byEntity[e.Name] = list = new List<TrajectoryRow>();
                }
                list.Add(new TrajectoryRow(s.Time.Seconds, e.Name, e.X, e.Y, e.Z, e.Heading, e.Speed, e.RoadS, e.LaneId, e.LaneOffset));
            }
        });
        return t;
    }

    private static double D(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}

/// <summary>Largest differences between two trajectories of one entity, compared at equal times.</summary>
internal sealed record TrajectoryDifference(string Entity, int Compared, double MaxPosition, double AtPosition, double MaxHeading, double AtHeading, double MaxSpeed, double AtSpeed)
{
    public static TrajectoryDifference Compare(string entity, IReadOnlyList<TrajectoryRow> reference, IReadOnlyList<TrajectoryRow> ours)
    {
        var oursByStep = new Dictionary<long, TrajectoryRow>();
        foreach (TrajectoryRow r in ours)
        {
            oursByStep[(long)Math.Round(r.Time * 1000)] = r;
        }
        int n = 0;
        double maxP = 0, atP = 0, maxH = 0, atH = 0, maxV = 0, atV = 0;
        foreach (TrajectoryRow e in reference)
        {
            if (!oursByStep.TryGetValue((long)Math.Round(e.Time * 1000), out TrajectoryRow o))
            {
                continue;
            }
            n++;
            double dp = Math.Sqrt((e.X - o.X) * (e.X - o.X) + (e.Y - o.Y) * (e.Y - o.Y));
            double dh = Math.Abs(Angles.WrapPi(e.Heading - o.Heading));
            double dv = Math.Abs(e.Speed - o.Speed);
            if (dp > maxP) { maxP = dp; atP = e.Time; }
            if (dh > maxH) { maxH = dh; atH = e.Time; }
            if (dv > maxV) { maxV = dv; atV = e.Time; }
        }
        return new TrajectoryDifference(entity, n, maxP, atP, maxH, atH, maxV, atV);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Entity}: {Compared} rows, max position error {MaxPosition:0.0000} m at t={AtPosition:0.00}, heading {MaxHeading:0.0000} rad at t={AtHeading:0.00}, speed {MaxSpeed:0.0000} m/s at t={AtSpeed:0.00}");
}
