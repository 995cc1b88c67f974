namespace SimCore.Kpis;

/// <summary>A collision: when, who, and how hard.</summary>
/// <param name="Time">Simulation time of first contact (s).</param>
/// <param name="EntityA">First entity.</param>
/// <param name="EntityB">Second entity.</param>
/// <param name="RelativeSpeed">Magnitude of the relative velocity at contact (m/s).</param>
/// <param name="InvolvesEgo">True when the ego is one of the two.</param>
public sealed record CollisionRecord(double Time, string EntityA, string EntityB, double RelativeSpeed, bool InvolvesEgo);
