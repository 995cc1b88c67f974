namespace SimCore.Dynamics;

/// <summary>Physical constants shared by the vehicle models.</summary>
internal static class PhysicalConstants
{
    // CommonRoad's vehicle models use g = 9.81; matching it keeps our numbers comparable to theirs.
    public const double Gravity = 9.81;
}
