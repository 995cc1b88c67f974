namespace SensorModels.Can;

/// <summary>
/// The ego quantities the vehicle bus sends, each bound to a DBC signal of the same name
/// (units as listed: the DBC's signal must use them). Signals ending in "_Counter" and
/// "_Checksum" are the rolling counter and the CRC; any other signal is sent as raw 0.
/// </summary>
internal enum VehicleSignal
{
    /// <summary>No quantity: raw 0.</summary>
    None = -1,
    /// <summary>WheelSpeed_FL (km/h).</summary>
    WheelSpeedFL,
    /// <summary>WheelSpeed_FR (km/h).</summary>
    WheelSpeedFR,
    /// <summary>WheelSpeed_RL (km/h).</summary>
    WheelSpeedRL,
    /// <summary>WheelSpeed_RR (km/h).</summary>
    WheelSpeedRR,
    /// <summary>VehicleSpeed (km/h).</summary>
    VehicleSpeed,
    /// <summary>SteeringWheelAngle (deg, positive left).</summary>
    SteeringWheelAngle,
    /// <summary>SteeringWheelRate (deg/s).</summary>
    SteeringWheelRate,
    /// <summary>YawRate (deg/s, counter-clockwise).</summary>
    YawRate,
    /// <summary>LongitudinalAccel (m/s^2).</summary>
    LongitudinalAccel,
    /// <summary>LateralAccel (m/s^2).</summary>
    LateralAccel,
    /// <summary>GearPosition (0 P, 1 R, 2 N, 3 D).</summary>
    GearPosition,
    /// <summary>CurrentGear (1-8).</summary>
    CurrentGear,
    /// <summary>BrakePressure (bar).</summary>
    BrakePressure,
    /// <summary>BrakePedalPressed (0/1).</summary>
    BrakePedalPressed,
    /// <summary>AcceleratorPedal (%).</summary>
    AcceleratorPedal,
    /// <summary>A 4-bit (or any length) rolling counter.</summary>
    Counter,
    /// <summary>CRC-8 SAE J1850 of the other payload bytes.</summary>
    Checksum,
}
