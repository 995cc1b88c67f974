namespace SensorModels.Can;

/// <summary>The target's latest actuation requests, as decoded from its CAN frames.</summary>
public record struct CanActuation
{
    /// <summary>Requested steering wheel angle (deg, positive left).</summary>
    public double SteeringWheelAngleDeg { get; set; }

    /// <summary>The same as a road-wheel angle (rad): steering wheel angle / steering ratio.</summary>
    public double RoadWheelAngle { get; set; }

    /// <summary>True while the target asks for its steering angle to be applied.</summary>
    public bool SteeringActive { get; set; }

    /// <summary>Requested longitudinal acceleration (m/s^2).</summary>
    public double Acceleration { get; set; }

    /// <summary>True while the target asks for its acceleration to be applied.</summary>
    public bool AccelerationActive { get; set; }
}

/// <summary>What <see cref="CanActuationDecoder.Decode"/> made of a frame.</summary>
public enum CanActuationStatus
{
    /// <summary>Not an actuation message: ignored.</summary>
    NotActuation,
    /// <summary>Decoded and applied.</summary>
    Decoded,
    /// <summary>Decoded and applied, but the rolling counter skipped (frames were lost) or repeated.</summary>
    CounterJump,
    /// <summary>Shorter than the message's length: ignored.</summary>
    WrongLength,
    /// <summary>The CRC does not match: ignored, as an ECU drops a corrupt frame.</summary>
    BadChecksum,
}
