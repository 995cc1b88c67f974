using System.Text.Json;
using HilBridge.Protocol.Messages;
using Sim.Runtime.Recording;

namespace Sim.Runtime.Scoring;

/// <summary>
/// Scores a target's planned trajectories against what the driver of a recording did, with
/// nuPlan's open-loop metrics: at comparison horizons of 3, 5 and 8 s, sampled at 1 Hz, the
/// average and final displacement error (ADE, FDE) between the planned and the driven positions,
/// the average and final heading error, and the miss rate (a plan misses when its largest
/// displacement error within the horizon exceeds 6, 8 or 16 m); each averaged over the plans, then
/// over the horizons ("within bound"), with nuPlan's scores (1 - error / 8 m, 1 - error / 0.8 rad,
/// miss rate at most 0.3). Also the plan's steering and acceleration 1, 2 and 3 s ahead against the
/// driver's at those times (RMS and largest). A plan is judged once the recording has reached its
/// last horizon; horizons beyond a plan's last pose, or beyond the end of the recording, are not
/// scored (and counted).
/// </summary>
internal sealed class OpenLoopScorer
{
    /// <summary>nuPlan's comparison horizons (s).</summary>
    public static readonly int[] Horizons = [3, 5, 8];

    /// <summary>nuPlan's largest displacement within each horizon before a plan is a miss (m).</summary>
    public static readonly double[] MissThresholds = [6, 8, 16];

    /// <summary>Horizons at which planned steering and acceleration are compared (s).</summary>
    public static readonly int[] ControlHorizons = [1, 2, 3];

    private const double MaxAverageL2 = 8, MaxHeading = 0.8, MaxMissRate = 0.3;

    private readonly record struct Expert(long TimeNs, double X, double Y, double Heading, double Steering, double Acceleration);

    private sealed class Error
    {
        public long N;
        public double Sum, SumSq, Max;

        public void Add(double e)
        {
            N++;
            Sum += e;
            SumSq += e * e;
            Max = Math.Max(Max, e);
        }

        public double Mean => N == 0 ? double.NaN : Sum / N;
        public double Rms => N == 0 ? double.NaN : Math.Sqrt(SumSq / N);
    }

    private sealed class HorizonScore
    {
        public readonly Error Ade = new(), Fde = new(), AverageHeading = new(), FinalHeading = new();
        public long Misses;
    }

    private readonly List<Expert> _expert = new();
    private readonly Queue<(long TimeNs, IReadOnlyList<PlannedPose> Plan)> _pending = new();
    private readonly HorizonScore[] _horizons = Horizons.Select(_ => new HorizonScore()).ToArray();
    private readonly Error[] _steering = ControlHorizons.Select(_ => new Error()).ToArray();
    private readonly Error[] _acceleration = ControlHorizons.Select(_ => new Error()).ToArray();

    /// <summary>Plans received.</summary>
    public long Plans { get; private set; }

    /// <summary>Horizons not scored: beyond a plan's last pose or the recording's end.</summary>
    public long Unscored { get; private set; }

    /// <summary>A plan answering the tick at <paramref name="tickNs"/>.</summary>
    public void Plan(long tickNs, IReadOnlyList<PlannedPose> plan)
    {
        Plans++;
        _pending.Enqueue((tickNs, plan));
    }

    /// <summary>What the driver did at a tick of the recording (ticks in order): the ego state and the logged actuation, if any.</summary>
    public void Driven(RecordedTick tick)
    {
        double steering = tick.Logged is { Mode: ActuationMode.Command } a ? a.SteeringAngle : tick.Ego.SteeringAngle;
        double acceleration = tick.Logged is { Mode: ActuationMode.Command } b ? b.Acceleration : tick.Ego.Acceleration;
        _expert.Add(new Expert(tick.TimeNs, tick.Ego.X, tick.Ego.Y, tick.Ego.Yaw, steering, acceleration));
        while (_pending.TryPeek(out var p) && tick.TimeNs >= p.TimeNs + Need(p.Plan))
        {
            _pending.Dequeue();
            Score(p.TimeNs, p.Plan);
        }
        // Keep what the oldest waiting plan still needs, and 10 s for answers that come late (real time).
        long keep = Math.Min(_pending.TryPeek(out var oldest) ? oldest.TimeNs : tick.TimeNs, tick.TimeNs - 10_000_000_000L);
        int drop = 0;
        while (drop < _expert.Count - 1 && _expert[drop + 1].TimeNs <= keep)
        {
            drop++;
        }
        _expert.RemoveRange(0, drop);
    }

    /// <summary>The end of the recording: plans still waiting are scored on what the recording covers.</summary>
    public void Finish()
    {
        while (_pending.TryDequeue(out var p))
        {
            Score(p.TimeNs, p.Plan);
        }
    }

    /// <summary>How far past its tick a plan needs the recording (ns): its last scored horizon.</summary>
    private static long Need(IReadOnlyList<PlannedPose> plan)
    {
        double last = plan.Count == 0 ? 0 : plan[^1].T;
        int h = Math.Max(Horizons.Where(x => x <= last + 1e-9).DefaultIfEmpty(0).Max(), ControlHorizons.Where(x => x <= last + 1e-9).DefaultIfEmpty(0).Max());
        return h * 1_000_000_000L;
    }

    private void Score(long t0, IReadOnlyList<PlannedPose> plan)
    {
        for (int c = 0; c < ControlHorizons.Length; c++)
        {
            int h = ControlHorizons[c];
            if (At(plan, h) is not { } p || Find(t0 + h * 1_000_000_000L) is not { } e)
            {
                Unscored++;
                continue;
            }
            _steering[c].Add(Math.Abs(p.SteeringAngle - e.Steering));
            _acceleration[c].Add(Math.Abs(p.Acceleration - e.Acceleration));
        }
        for (int k = 0; k < Horizons.Length; k++)
        {
            int h = Horizons[k];
            double sum = 0, headingSum = 0, max = 0, final = 0, finalHeading = 0;
            bool complete = true;
            for (int s = 1; s <= h && complete; s++)
            {
                if (At(plan, s) is not { } p || Find(t0 + s * 1_000_000_000L) is not { } e)
                {
                    complete = false;
                    break;
                }
                double d = Math.Sqrt((p.X - e.X) * (p.X - e.X) + (p.Y - e.Y) * (p.Y - e.Y));
                double a = Math.Abs(Math.IEEERemainder(p.Heading - e.Heading, 2 * Math.PI));
                (sum, headingSum, max, final, finalHeading) = (sum + d, headingSum + a, Math.Max(max, d), d, a);
            }
            if (!complete)
            {
                Unscored++;
                continue;
            }
            HorizonScore score = _horizons[k];
            score.Ade.Add(sum / h);
            score.Fde.Add(final);
            score.AverageHeading.Add(headingSum / h);
            score.FinalHeading.Add(finalHeading);
            score.Misses += max > MissThresholds[k] ? 1 : 0;
        }
    }

    /// <summary>The plan at <paramref name="s"/> seconds, interpolated between its poses; null outside it.</summary>
    private static PlannedPose? At(IReadOnlyList<PlannedPose> plan, double s)
    {
        for (int i = 0; i < plan.Count; i++)
        {
            if (plan[i].T == s)
            {
                return plan[i];
            }
            if (plan[i].T > s)
            {
                if (i == 0)
                {
                    return null;
                }
                PlannedPose a = plan[i - 1], b = plan[i];
                double f = (s - a.T) / (b.T - a.T);
                return new PlannedPose(s, a.X + (b.X - a.X) * f, a.Y + (b.Y - a.Y) * f, a.Heading + Math.IEEERemainder(b.Heading - a.Heading, 2 * Math.PI) * f,
                    a.Speed + (b.Speed - a.Speed) * f, a.Acceleration + (b.Acceleration - a.Acceleration) * f, a.SteeringAngle + (b.SteeringAngle - a.SteeringAngle) * f);
            }
        }
        return null;
    }

    /// <summary>What the driver did at the first tick at or after <paramref name="timeNs"/>; null past the recording.</summary>
    private Expert? Find(long timeNs)
    {
        int lo = 0, hi = _expert.Count - 1;
        if (hi < 0 || _expert[hi].TimeNs < timeNs)
        {
            return null;
        }
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            (lo, hi) = _expert[mid].TimeNs >= timeNs ? (lo, mid) : (mid + 1, hi);
        }
        return _expert[lo];
    }

    /// <summary>
    /// Writes {plans, unscored_horizons, steering and acceleration: {command: {rms, max}, at_Ns: {samples, rms, max}},
    /// horizons: [{horizon_s, samples, ade_m, fde_m, average_heading_error_rad, final_heading_error_rad, miss_rate, miss_threshold_m}],
    /// within_bound: {ade_m, fde_m, average_heading_error_rad, final_heading_error_rad, miss_rate}, nuplan_scores: {...}}.
    /// </summary>
    public void WriteJson(Utf8JsonWriter w, ControlDivergence command)
    {
        w.WriteStartObject();
        w.WriteNumber("plans", Plans);
        w.WriteNumber("unscored_horizons", Unscored);
        Control(w, "steering", "rad", command.Count, command.SteeringRms, command.SteeringMax, _steering);
        Control(w, "acceleration", "mps2", command.Count, command.AccelerationRms, command.AccelerationMax, _acceleration);
        w.WriteStartArray("horizons");
        for (int k = 0; k < Horizons.Length; k++)
        {
            HorizonScore s = _horizons[k];
            w.WriteStartObject();
            w.WriteNumber("horizon_s", Horizons[k]);
            w.WriteNumber("samples", s.Ade.N);
            Number(w, "ade_m", s.Ade.Mean);
            Number(w, "fde_m", s.Fde.Mean);
            Number(w, "average_heading_error_rad", s.AverageHeading.Mean);
            Number(w, "final_heading_error_rad", s.FinalHeading.Mean);
            Number(w, "miss_rate", s.Ade.N == 0 ? double.NaN : (double)s.Misses / s.Ade.N);
            w.WriteNumber("miss_threshold_m", MissThresholds[k]);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        HorizonScore[] scored = _horizons.Where(h => h.Ade.N > 0).ToArray();
        double Avg(Func<HorizonScore, double> f) => scored.Length == 0 ? double.NaN : scored.Average(f);
        double ade = Avg(h => h.Ade.Mean), fde = Avg(h => h.Fde.Mean), ah = Avg(h => h.AverageHeading.Mean), fh = Avg(h => h.FinalHeading.Mean), miss = Avg(h => (double)h.Misses / h.Ade.N);
        w.WriteStartObject("within_bound");
        Number(w, "ade_m", ade);
        Number(w, "fde_m", fde);
        Number(w, "average_heading_error_rad", ah);
        Number(w, "final_heading_error_rad", fh);
        Number(w, "miss_rate", miss);
        w.WriteEndObject();
        w.WriteStartObject("nuplan_scores");
        Number(w, "average_l2_error", double.IsNaN(ade) ? ade : Math.Max(0, 1 - ade / MaxAverageL2));
        Number(w, "final_l2_error", double.IsNaN(fde) ? fde : Math.Max(0, 1 - fde / MaxAverageL2));
        Number(w, "average_heading_error", double.IsNaN(ah) ? ah : Math.Max(0, 1 - ah / MaxHeading));
        Number(w, "final_heading_error", double.IsNaN(fh) ? fh : Math.Max(0, 1 - fh / MaxHeading));
        Number(w, "miss_rate", double.IsNaN(miss) ? miss : miss <= MaxMissRate ? 1 : 0);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Control(Utf8JsonWriter w, string name, string unit, long commandTicks, double rms, double max, Error[] at)
    {
        w.WriteStartObject(name);
        w.WriteStartObject("command");
        w.WriteNumber("ticks", commandTicks);
        w.WriteNumber($"rms_{unit}", rms);
        w.WriteNumber($"max_{unit}", max);
        w.WriteEndObject();
        for (int c = 0; c < ControlHorizons.Length; c++)
        {
            w.WriteStartObject($"at_{ControlHorizons[c]}s");
            w.WriteNumber("samples", at[c].N);
            Number(w, $"rms_{unit}", at[c].Rms);
            Number(w, $"max_{unit}", at[c].N == 0 ? double.NaN : at[c].Max);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    /// <summary>A number, or null where nothing was scored (JSON has no NaN).</summary>
    private static void Number(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
