using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Traffic;

/// <summary>Lane following with IDM car-following behind the leader the lane index finds.</summary>
internal sealed class IdmControl : LongitudinalControl
{
    public static readonly IdmControl Instance = new();

    public override double NextSpeed(Entity e, World world, double dt)
    {
        IdmParameters p = e.Idm ?? Defaults;
        double v0 = p.DesiredSpeed ?? e.CruiseSpeed;
        Entity? leader = world.Lanes.FindLeader(e, out double gap);
        double a = p.Acceleration(e.Speed, v0, gap, leader is null ? 0 : e.Speed - leader.Speed, leader is not null);
        return Math.Max(0.0, e.Speed + a * dt);
    }

    private static readonly IdmParameters Defaults = new();
}
