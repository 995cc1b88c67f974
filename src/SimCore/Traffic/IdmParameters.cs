namespace SimCore.Traffic;

/// <summary>
/// Intelligent Driver Model parameters (Treiber, Hennecke, Helbing 2000). Defaults are the
/// published city/highway car values.
/// </summary>
public sealed record IdmParameters
{
    /// <summary>Desired speed v0 (m/s); null takes the lane's speed limit, else the start speed.</summary>
    public double? DesiredSpeed { get; init; }
    /// <summary>Safe time headway T (s).</summary>
    public double TimeHeadway { get; init; } = 1.5;
    /// <summary>Minimum gap at standstill s0 (m).</summary>
    public double MinimumGap { get; init; } = 2.0;
    /// <summary>Maximum acceleration a (m/s^2).</summary>
    public double MaxAcceleration { get; init; } = 1.4;
    /// <summary>Comfortable deceleration b (m/s^2, positive).</summary>
    public double ComfortableDeceleration { get; init; } = 2.0;
    /// <summary>Acceleration exponent delta.</summary>
    public double Exponent { get; init; } = 4.0;
    /// <summary>Physical braking limit (m/s^2, positive); IDM's own output is unbounded in emergencies.</summary>
    public double MaxDeceleration { get; init; } = 9.0;

    /// <summary>IDM acceleration for speed v, gap s (m, bumper to bumper) and approach rate dv = v - v_leader, limited to the physical braking limit.</summary>
    public double Acceleration(double v, double v0, double gap, double dv, bool hasLeader)
        => Math.Max(RawAcceleration(v, v0, gap, dv, hasLeader), -MaxDeceleration);

    /// <summary>The IDM formula itself, unbounded below (emergencies ask for more than brakes give).</summary>
    internal double RawAcceleration(double v, double v0, double gap, double dv, bool hasLeader)
    {
        double free = 1.0 - Math.Pow(Math.Max(v, 0) / Math.Max(v0, 0.1), Exponent);
        double a = MaxAcceleration * free;
        if (hasLeader)
        {
            double sStar = MinimumGap + Math.Max(0.0, v * TimeHeadway + v * dv / (2.0 * Math.Sqrt(MaxAcceleration * ComfortableDeceleration)));
            double ratio = sStar / Math.Max(gap, 0.01);
            a -= MaxAcceleration * ratio * ratio;
        }
        return a;
    }

    /// <summary>
    /// The ACC model of Kesting, Treiber et al. (2010): IDM blended with the constant-acceleration
    /// heuristic, which does not over-react when a car cuts in at a short but opening or steady gap.
    /// </summary>
    /// <param name="v">Own speed.</param>
    /// <param name="v0">Desired speed.</param>
    /// <param name="gap">Bumper-to-bumper gap.</param>
    /// <param name="vLead">Leader speed.</param>
    /// <param name="aLead">Leader acceleration.</param>
    /// <param name="hasLeader">False on a free road.</param>
    /// <param name="coolness">Weight of the heuristic, c = 0.99 in the paper.</param>
    public double AccAcceleration(double v, double v0, double gap, double vLead, double aLead, bool hasLeader, double coolness = 0.99)
    {
        // The blend uses the unbounded IDM value, as the paper does; only the result is limited.
        double aIdm = RawAcceleration(v, v0, gap, v - vLead, hasLeader);
        if (!hasLeader)
        {
            return Math.Max(aIdm, -MaxDeceleration);
        }
        double aL = Math.Min(aLead, MaxAcceleration);
        double s = Math.Max(gap, 0.01);
        double dv = v - vLead;
        // First branch: the leader stops before the gap closes. Its denominator vanishes for a
        // leader already at rest (vLead = aL = 0); the second branch is the right limit there.
        double denominator = vLead * vLead - 2.0 * s * aL;
        double aCah = vLead * dv <= -2.0 * s * aL && denominator > 1e-9
            ? v * v * aL / denominator
            : aL - (dv > 0 ? dv * dv : 0.0) / (2.0 * s);
        if (aIdm >= aCah)
        {
            return Math.Max(aIdm, -MaxDeceleration);
        }
        double b = ComfortableDeceleration;
        double blended = (1 - coolness) * aIdm + coolness * (aCah + b * Math.Tanh((aIdm - aCah) / b));
        return Math.Max(blended, -MaxDeceleration);
    }
}
