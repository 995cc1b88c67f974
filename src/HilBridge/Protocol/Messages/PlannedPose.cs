namespace HilBridge.Protocol.Messages;

/// <summary>
/// One pose of the trajectory a target plans (optional in an <see cref="Actuation"/>): where the
/// ego should be <paramref name="T"/> seconds after the tick, in the world frame (x east, y north,
/// reference point), with the speed, acceleration and road-wheel angle planned there. Open-loop
/// replay scores it against what the driver did (docs/replay.md).
/// </summary>
/// <param name="T">Time after the tick (s), above 0, increasing along the plan.</param>
/// <param name="X">World x (m).</param>
/// <param name="Y">World y (m).</param>
/// <param name="Heading">Heading (rad, counter-clockwise from +x).</param>
/// <param name="Speed">Longitudinal speed (m/s).</param>
/// <param name="Acceleration">Longitudinal acceleration (m/s^2).</param>
/// <param name="SteeringAngle">Road-wheel angle (rad, left positive).</param>
public readonly record struct PlannedPose(double T, double X, double Y, double Heading, double Speed, double Acceleration, double SteeringAngle);
