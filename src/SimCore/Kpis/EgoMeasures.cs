namespace SimCore.Kpis;

/// <summary>
/// The ego's state and what the KPI monitor measured on it in the last step: the instants behind
/// the running KPIs (min_ttc is the least <see cref="Ttc"/> of the run, max_accel the largest
/// <see cref="Acceleration"/>...), for a per-step series. Unmeasured values are null; before the
/// first step only the state is known.
/// </summary>
/// <param name="Speed">Longitudinal speed (m/s).</param>
/// <param name="LateralAcceleration">Lateral acceleration (m/s^2).</param>
/// <param name="Acceleration">Longitudinal acceleration from the speed difference over the step (m/s^2), as max_accel and max_decel take it.</param>
/// <param name="Ttc">Gap over closing speed to the in-path object (s); null without a lead or when not closing.</param>
/// <param name="Headway">Gap over the ego's speed to an in-path vehicle (s); null without one or below 0.5 m/s.</param>
/// <param name="LeadDistance">Bumper-to-bumper gap to the in-path object (m); null without one.</param>
/// <param name="Lead">Name of the in-path object, or null.</param>
/// <param name="AebStage">Emergency braking: 0 off, 1 partial, 2 full; null before the first step.</param>
public readonly record struct EgoMeasures(double Speed, double LateralAcceleration, double? Acceleration, double? Ttc, double? Headway, double? LeadDistance, string? Lead, int? AebStage);
