namespace SimCore.Dynamics;

/// <summary>
/// The motion state of one vehicle, in the world frame, referenced at the rear-axle centre.
/// A mutable struct: it is hot data that the step loop updates in place.
/// </summary>
public struct VehicleState
{
    /// <summary>World x of the rear-axle centre (m).</summary>
    public double X;

    /// <summary>World y of the rear-axle centre (m).</summary>
    public double Y;

    /// <summary>Heading of the vehicle x axis, counter-clockwise from world +x, in (-pi, pi] (rad).</summary>
    public double Heading;

    /// <summary>Longitudinal velocity along the body x axis (m/s), never negative: the models do not reverse.</summary>
    public double Speed;

    /// <summary>Velocity along the body y axis at the centre of gravity (m/s).</summary>
    public double LateralVelocity;

    /// <summary>Yaw rate (rad/s), counter-clockwise positive.</summary>
    public double YawRate;

    /// <summary>Actual road-wheel steering angle after the actuator (rad), left positive.</summary>
    public double SteeringAngle;

    /// <summary>
    /// Actual longitudinal acceleration after the actuator (m/s^2): the rate of change of
    /// <see cref="Speed"/> the powertrain and brakes deliver. At standstill a held brake keeps
    /// its negative value while <see cref="Speed"/> stays at zero.
    /// </summary>
    public double Acceleration;

    /// <summary>Lateral acceleration at the centre of gravity along body y (m/s^2), computed by the step.</summary>
    public double LateralAcceleration;
}
