namespace SimCore.Dynamics;

/// <summary>What a driver or controller asks of the actuators for one step.</summary>
public struct ControlDemand
{
    /// <summary>Demanded road-wheel steering angle (rad), left positive.</summary>
    public double SteeringAngle;

    /// <summary>Demanded longitudinal acceleration (m/s^2); negative brakes.</summary>
    public double Acceleration;

    /// <summary>Creates a demand.</summary>
    /// <param name="steeringAngle">Road-wheel steering angle (rad).</param>
    /// <param name="acceleration">Longitudinal acceleration (m/s^2).</param>
    public ControlDemand(double steeringAngle, double acceleration)
    {
        SteeringAngle = steeringAngle;
        Acceleration = acceleration;
    }
}
