using SimCore.Simulation;

namespace SensorModels.Can;

/// <summary>
/// Turns the ego's state into what the vehicle's ECUs would report (docs/sensors/can.md):
/// wheel speeds from speed and yaw rate on a rigid body without rear-axle side slip, steering
/// wheel angle from the road-wheel angle and the ratio, gear from speed, brake pressure and
/// pedal from the acceleration.
/// </summary>
internal sealed class VehicleBusModel
{
    /// <summary>Upshift speeds (km/h) of the 8-speed gearbox: gear = 1 + thresholds passed.</summary>
    internal static readonly double[] UpshiftKmh = { 15, 30, 50, 70, 90, 110, 130 };

    public double SteeringRatio { get; init; } = 15.0;

    public double TrackWidth { get; init; } = 1.6;

    public double Wheelbase { get; init; } = 2.8;

    /// <summary>Brake pressure per m/s^2 of deceleration (bar).</summary>
    public double BrakeBarPerMps2 { get; init; } = 10.0;

    /// <summary>Acceleration at 100 % accelerator pedal (m/s^2).</summary>
    public double PedalFullScale { get; init; } = 3.0;

    /// <summary>Fills <paramref name="values"/> (indexed by <see cref="VehicleSignal"/>) from a state and its steering rate (rad/s, road wheel).</summary>
    public void Compute(in EntitySnapshot e, double steeringRate, Span<double> values)
    {
        const double Kmh = 3.6, Deg = 180.0 / Math.PI;
        double v = e.Speed, r = e.YawRate, half = TrackWidth / 2;
        // Velocity of each wheel centre in the vehicle frame: (v - r y, r x) at (x, y), rear axle at x = 0.
        values[(int)VehicleSignal.WheelSpeedFL] = Math.Sqrt((v - r * half) * (v - r * half) + (r * Wheelbase) * (r * Wheelbase)) * Kmh;
        values[(int)VehicleSignal.WheelSpeedFR] = Math.Sqrt((v + r * half) * (v + r * half) + (r * Wheelbase) * (r * Wheelbase)) * Kmh;
        values[(int)VehicleSignal.WheelSpeedRL] = Math.Abs(v - r * half) * Kmh;
        values[(int)VehicleSignal.WheelSpeedRR] = Math.Abs(v + r * half) * Kmh;
        values[(int)VehicleSignal.VehicleSpeed] = Math.Abs(v) * Kmh;
        values[(int)VehicleSignal.SteeringWheelAngle] = e.SteeringAngle * SteeringRatio * Deg;
        values[(int)VehicleSignal.SteeringWheelRate] = steeringRate * SteeringRatio * Deg;
        values[(int)VehicleSignal.YawRate] = r * Deg;
        values[(int)VehicleSignal.LongitudinalAccel] = e.Acceleration;
        values[(int)VehicleSignal.LateralAccel] = e.LateralAcceleration;
        bool reverse = v < -0.1;
        values[(int)VehicleSignal.GearPosition] = reverse ? 1 : 3;
        int gear = 1;
        foreach (double up in UpshiftKmh)
        {
            gear += Math.Abs(v) * Kmh >= up ? 1 : 0;
        }
        values[(int)VehicleSignal.CurrentGear] = reverse ? 1 : gear;
        // Decelerating forward (or accelerating backward) is braking.
        double braking = reverse ? e.Acceleration : -e.Acceleration;
        double pressure = Math.Max(0, braking) * BrakeBarPerMps2;
        values[(int)VehicleSignal.BrakePressure] = pressure;
        values[(int)VehicleSignal.BrakePedalPressed] = pressure > 1.0 ? 1 : 0;
        values[(int)VehicleSignal.AcceleratorPedal] = Math.Clamp(-braking / PedalFullScale * 100, 0, 100);
    }

    /// <summary>The quantity a DBC signal name stands for.</summary>
    public static VehicleSignal Bind(string name) => name switch
    {
        "WheelSpeed_FL" => VehicleSignal.WheelSpeedFL,
        "WheelSpeed_FR" => VehicleSignal.WheelSpeedFR,
        "WheelSpeed_RL" => VehicleSignal.WheelSpeedRL,
        "WheelSpeed_RR" => VehicleSignal.WheelSpeedRR,
        "VehicleSpeed" => VehicleSignal.VehicleSpeed,
        "SteeringWheelAngle" => VehicleSignal.SteeringWheelAngle,
        "SteeringWheelRate" => VehicleSignal.SteeringWheelRate,
        "YawRate" => VehicleSignal.YawRate,
        "LongitudinalAccel" => VehicleSignal.LongitudinalAccel,
        "LateralAccel" => VehicleSignal.LateralAccel,
        "GearPosition" => VehicleSignal.GearPosition,
        "CurrentGear" => VehicleSignal.CurrentGear,
        "BrakePressure" => VehicleSignal.BrakePressure,
        "BrakePedalPressed" => VehicleSignal.BrakePedalPressed,
        "AcceleratorPedal" => VehicleSignal.AcceleratorPedal,
        _ when name.EndsWith("_Counter", StringComparison.Ordinal) => VehicleSignal.Counter,
        _ when name.EndsWith("_Checksum", StringComparison.Ordinal) => VehicleSignal.Checksum,
        _ => VehicleSignal.None,
    };

    /// <summary>Number of quantities (the size of the array <see cref="Compute"/> fills).</summary>
    public const int Count = (int)VehicleSignal.AcceleratorPedal + 1;
}
