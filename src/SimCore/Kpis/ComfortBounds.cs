namespace SimCore.Kpis;

/// <summary>
/// Comfort limits; defaults are nuPlan's ego_is_comfortable thresholds (nuPlan devkit,
/// metrics "ego_*_comfort"), applied to the ego's kinematic signals.
/// </summary>
public sealed record ComfortBounds
{
    /// <summary>Largest longitudinal acceleration (m/s^2).</summary>
    public double MaxLongitudinalAcceleration { get; init; } = 2.40;
    /// <summary>Most negative longitudinal acceleration (m/s^2).</summary>
    public double MinLongitudinalAcceleration { get; init; } = -4.05;
    /// <summary>Largest absolute lateral acceleration (m/s^2).</summary>
    public double MaxLateralAcceleration { get; init; } = 4.89;
    /// <summary>Largest absolute yaw rate (rad/s).</summary>
    public double MaxYawRate { get; init; } = 0.95;
    /// <summary>Largest absolute yaw acceleration (rad/s^2).</summary>
    public double MaxYawAcceleration { get; init; } = 1.93;
    /// <summary>Largest absolute longitudinal jerk (m/s^3).</summary>
    public double MaxLongitudinalJerk { get; init; } = 4.13;
}
