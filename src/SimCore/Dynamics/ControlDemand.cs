namespace SimCore.Dynamics;

/// <summary>What a driver or controller asks of the actuators for one step.</summary>
public struct ControlDemand
{
    /// <summary>Demanded road-wheel steering angle (rad), left positive.</summary>
    public double SteeringAngle;

    /// <summary>Demanded longitudinal acceleration (m/s^2); negative brakes.</summary>
    public double Acceleration;

    /// <summary>Whether <see cref="SteeringAngle"/> or <see cref="SteeringRate"/> is the steering demand (angle by default).</summary>
    public SteeringInput Steering;

    /// <summary>Demanded road-wheel steering rate (rad/s), left positive; used when <see cref="Steering"/> is <see cref="SteeringInput.Rate"/>.</summary>
    public double SteeringRate;

    /// <summary>Creates a demand.</summary>
    /// <param name="steeringAngle">Road-wheel steering angle (rad).</param>
    /// <param name="acceleration">Longitudinal acceleration (m/s^2).</param>
    public ControlDemand(double steeringAngle, double acceleration)
    {
        SteeringAngle = steeringAngle;
        Acceleration = acceleration;
    }

    /// <summary>A demand that steers by rate instead of angle.</summary>
    /// <param name="steeringRate">Road-wheel steering rate (rad/s).</param>
    /// <param name="acceleration">Longitudinal acceleration (m/s^2).</param>
    public static ControlDemand WithSteeringRate(double steeringRate, double acceleration)
        => new() { Steering = SteeringInput.Rate, SteeringRate = steeringRate, Acceleration = acceleration };
}
