namespace SimCore.Traffic;

/// <summary>One piece of a planned speed curve: v(t) = V + K (t - T) + J (t - T)^2 / 2 from time T on.</summary>
internal readonly record struct SpeedPiece(double T, double V, double K, double J)
{
    public double At(double t) => V + K * (t - T) + 0.5 * J * (t - T) * (t - T);
}

/// <summary>
/// Plans the speed curve of an OpenSCENARIO SpeedProfileAction in absolute simulation time.
/// The entries make vertices (time, speed); consecutive vertices define lines of constant
/// acceleration. <c>position</c> mode follows the lines. <c>follow</c> mode joins them with
/// constant-jerk arcs: the first arc starts at the action's start from the current acceleration;
/// every later arc is tangent to both lines it joins, so it is centred on their intersection
/// (a line v = k0 t + m0 meets v = k1 t + m1 at t = (m0 - m1) / (k1 - k0), and an arc of jerk j
/// lasts (k1 - k0) / j). This reproduces esmini's profiles to the step.
/// </summary>
internal static class SpeedProfilePlan
{
    private const double Tiny = 1e-9;

    /// <param name="start">Simulation time the action starts (s).</param>
    /// <param name="speed">Current speed.</param>
    /// <param name="acceleration">Current acceleration.</param>
    /// <param name="entries">Durations (null: as fast as the limits allow) and speeds.</param>
    /// <param name="offset">Added to every entry's speed (a reference entity's speed at the start).</param>
    /// <param name="follow">Follow mode (jerk-limited arcs) or position mode (the lines).</param>
    /// <param name="limits">Acceleration limits and their rates.</param>
    public static SpeedPiece[] Build(double start, double speed, double acceleration, IReadOnlyList<SpeedProfileEntry> entries,
        double offset, bool follow, DynamicLimits limits)
    {
        List<(double T, double V)> vertices = Vertices(start, speed, entries, offset, follow, limits);
        if (vertices.Count == 1)
        {
            return new[] { new SpeedPiece(vertices[0].T, vertices[0].V, 0, 0) };
        }
        double[] k = new double[vertices.Count];
        for (int i = 0; i < vertices.Count - 1; i++)
        {
            k[i] = (vertices[i + 1].V - vertices[i].V) / (vertices[i + 1].T - vertices[i].T);
        }
        if (!follow)
        {
            return vertices.Select((v, i) => new SpeedPiece(v.T, v.V, k[i], 0)).ToArray();
        }
        if (vertices.Count == 2)
        {
            return SingleTarget(vertices[0], vertices[1], acceleration, limits) ?? Lines(vertices, k);
        }
        return Arcs(vertices, k, acceleration, limits) ?? Lines(vertices, k);
    }

    private static SpeedPiece[] Lines(List<(double T, double V)> vertices, double[] k)
        => vertices.Select((v, i) => new SpeedPiece(v.T, v.V, k[i], 0)).ToArray();

    private static double Rate(double dk, DynamicLimits limits)
    {
        // No rate limit: an arc of (practically) no duration.
        double rate = (dk >= 0 ? limits.MaxAccelerationRate : limits.MaxDecelerationRate) ?? double.PositiveInfinity;
        return Math.Sign(dk) * (rate > 0 ? rate : double.PositiveInfinity);
    }

    private static List<(double T, double V)> Vertices(double start, double speed, IReadOnlyList<SpeedProfileEntry> entries, double offset, bool follow, DynamicLimits limits)
    {
        var vertices = new List<(double T, double V)>();
        int first = 0;
        if (entries.Count > 0 && entries[0].Duration is { } d0 && Math.Abs(d0) < Tiny)
        {
            // An entry at time 0: follow mode starts from where the entity is, position mode jumps.
            vertices.Add((start, follow ? speed : entries[0].Speed + offset));
            first = 1;
        }
        else
        {
            vertices.Add((start, speed));
        }
        double time = start;
        for (int i = first; i < entries.Count; i++)
        {
            double v = entries[i].Speed + offset;
            double dv = v - vertices[^1].V;
            if (entries[i].Duration is { } duration)
            {
                time += duration;
            }
            else
            {
                if (Math.Abs(dv) < Tiny)
                {
                    continue;
                }
                double a = (dv > 0 ? limits.MaxAcceleration : limits.MaxDeceleration) ?? double.PositiveInfinity;
                time += a > 0 && double.IsFinite(a) ? Math.Abs(dv) / a : 0;
            }
            bool last = i == entries.Count - 1;
            if (time - vertices[^1].T < Tiny && !last)
            {
                vertices[^1] = (time, v);
                continue;
            }
            if (time - vertices[^1].T < Tiny)
            {
                time = vertices[^1].T + Tiny;
            }
            // A vertex on the straight line through its neighbours changes nothing.
            if (vertices.Count >= 2)
            {
                (double T, double V) a = vertices[^2], b = vertices[^1];
                double k0 = (b.V - a.V) / (b.T - a.T), k1 = (v - b.V) / (time - b.T);
                if (Math.Abs(k1 - k0) < Tiny)
                {
                    vertices[^1] = (time, v);
                    continue;
                }
            }
            vertices.Add((time, v));
        }
        return vertices;
    }

    private static SpeedPiece[]? Arcs(List<(double T, double V)> vertices, double[] k, double acceleration, DynamicLimits limits)
    {
        var pieces = new List<SpeedPiece>();
        (double t0, double v0) = vertices[0];
        double t3 = t0, v3 = v0;
        if (Math.Abs(k[0] - acceleration) > Tiny)
        {
            double j = Rate(k[0] - acceleration, limits);
            double tau = (k[0] - acceleration) / j;
            pieces.Add(new SpeedPiece(t0, v0, acceleration, double.IsFinite(j) ? j : 0));
            t3 = t0 + tau;
            v3 = v0 + acceleration * tau + 0.5 * (double.IsFinite(j) ? j : 0) * tau * tau;
        }
        pieces.Add(new SpeedPiece(t3, v3, k[0], 0));
        double kPrev = k[0], mPrev = v3 - k[0] * t3, tPrev = t3;
        for (int i = 1; i < vertices.Count; i++)
        {
            double kNext = k[i], mNext = vertices[i].V - kNext * vertices[i].T;
            if (Math.Abs(kNext - kPrev) < Tiny)
            {
                continue;
            }
            double j = Rate(kNext - kPrev, limits);
            double tau = double.IsFinite(j) ? (kNext - kPrev) / j : 0;
            double meet = (mPrev - mNext) / (kNext - kPrev);
            double t1 = meet - 0.5 * tau;
            if (t1 < tPrev - Tiny)
            {
                // The arcs would overlap: no jerk-limited path through these entries.
                return null;
            }
            double v1 = kPrev * t1 + mPrev;
            if (tau > 0)
            {
                pieces.Add(new SpeedPiece(t1, v1, kPrev, j));
            }
            double tEnd = t1 + tau;
            pieces.Add(new SpeedPiece(tEnd, kNext * tEnd + mNext, kNext, 0));
            kPrev = kNext;
            mPrev = mNext;
            tPrev = tEnd;
        }
        return pieces.ToArray();
    }

    /// <summary>
    /// One target in follow mode: jerk from the current acceleration to a plateau k1, hold it, jerk
    /// back to zero, arriving at the target speed at the target time. k1 is found by bisection;
    /// when even without a plateau the speed cannot be reached in time, the arrival is later.
    /// </summary>
    private static SpeedPiece[]? SingleTarget((double T, double V) from, (double T, double V) to, double k0, DynamicLimits limits)
    {
        double dv = to.V - from.V, span = to.T - from.T;
        if (Math.Abs(dv) < Tiny)
        {
            return new[] { new SpeedPiece(from.T, from.V, 0, 0) };
        }
        double aMax = limits.MaxAcceleration ?? double.PositiveInfinity, dMax = limits.MaxDeceleration ?? double.PositiveInfinity;
        double lo = dv > 0 ? 0 : -Math.Min(dMax, 1e3), hi = dv > 0 ? Math.Min(aMax, 1e3) : 0;
        (double a, double b, double c, double ja, double jc) Phases(double k1)
        {
            double ja = Rate(k1 - k0, limits), jc = Rate(-k1, limits);
            double a = double.IsFinite(ja) && Math.Abs(k1 - k0) > Tiny ? (k1 - k0) / ja : 0;
            double c = double.IsFinite(jc) && Math.Abs(k1) > Tiny ? -k1 / jc : 0;
            return (a, span - a - c, c, double.IsFinite(ja) ? ja : 0, double.IsFinite(jc) ? jc : 0);
        }
        double Reached(double k1, bool plateau)
        {
            (double a, double b, double c, double ja, _) = Phases(k1);
            return k0 * a + 0.5 * ja * a * a + (plateau ? k1 * Math.Max(b, 0) : 0) + 0.5 * k1 * c;
        }
        double Solve(bool plateau)
        {
            double l = lo, h = hi;
            for (int it = 0; it < 200; it++)
            {
                double m = 0.5 * (l + h);
                // Reached speed grows with k1 for either sign of dv.
                if (Reached(m, plateau) < dv)
                {
                    l = m;
                }
                else
                {
                    h = m;
                }
            }
            return 0.5 * (l + h);
        }
        double k1 = Solve(plateau: true);
        (double pa, double pb, double pc, double pja, double pjc) = Phases(k1);
        if (pb < 0)
        {
            k1 = Solve(plateau: false);
            (pa, _, pc, pja, pjc) = Phases(k1);
            pb = 0;
        }
        double t1 = from.T + pa, v1 = from.V + k0 * pa + 0.5 * pja * pa * pa;
        double t2 = t1 + pb, v2 = v1 + k1 * pb;
        double t3 = t2 + pc, v3 = v2 + k1 * pc + 0.5 * pjc * pc * pc;
        return new[]
        {
            new SpeedPiece(from.T, from.V, k0, pja),
            new SpeedPiece(t1, v1, k1, 0),
            new SpeedPiece(t2, v2, k1, pjc),
            new SpeedPiece(t3, v3, 0, 0),
        };
    }
}
