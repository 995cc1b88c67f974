namespace HilBridge.Protocol.Messages;

/// <summary>The ego's state in the world frame (x east, y north, z up; m, rad, m/s, m/s^2, rad/s).</summary>
public sealed record VehicleState(
    double X, double Y, double Z, double Yaw, double Pitch, double Roll,
    double Speed, double LateralSpeed, double Acceleration, double LateralAcceleration, double YawRate, double SteeringAngle);
