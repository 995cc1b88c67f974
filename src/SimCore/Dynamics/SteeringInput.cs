namespace SimCore.Dynamics;

/// <summary>How a control demand gives steering.</summary>
public enum SteeringInput
{
    /// <summary>A road-wheel angle, reached through the steering actuator's lag and rate limit.</summary>
    Angle,
    /// <summary>A road-wheel angle rate (rad/s), integrated by the actuator within its rate and angle limits.</summary>
    Rate,
}
