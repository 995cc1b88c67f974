namespace SimCore.Dynamics;

/// <summary>
/// OpenSCENARIO OverrideControllerValueAction on an entity driven by vehicle dynamics: pedal,
/// steering-wheel, gear and clutch values that replace what its driver demands, each until an
/// override of the same control with <c>active="false"</c>. How the values become the model's
/// acceleration and road-wheel angle (the standard gives the values, not a vehicle):
/// <list type="bullet">
/// <item>drive: the throttle pedal p in [0, 1] asks for p * MaxAcceleration; without a throttle
/// override, the driver's positive acceleration. A clutch c in [0, 1] passes (1 - c) of it;
/// neutral (gear 0), park and reverse (not modelled) pass none.</item>
/// <item>service brake: a pedal b in [0, 1] asks for b * MaxDeceleration, a force F (N) for F / mass;
/// without a brake override, the driver's negative acceleration.</item>
/// <item>parking brake: it holds the rear axle only, so a fully applied one gives the rear axle's
/// static load share, lf / (lf + lr), of MaxDeceleration; a force F gives F / mass.</item>
/// <item>the sum, drive minus both brakes, is clamped to [-MaxDeceleration, MaxAcceleration].</item>
/// <item>steering: a steering-wheel angle w (rad) gives the road-wheel angle w / SteeringRatio.</item>
/// </list>
/// </summary>
internal sealed class ControlOverrides
{
    /// <summary>Throttle pedal in [0, 1].</summary>
    public double? Throttle;

    /// <summary>Service brake pedal in [0, 1].</summary>
    public double? Brake;

    /// <summary>Service brake force (N), OpenSCENARIO 1.2 BrakeForce.</summary>
    public double? BrakeForce;

    /// <summary>Parking brake in [0, 1].</summary>
    public double? ParkingBrake;

    /// <summary>Parking brake force (N).</summary>
    public double? ParkingBrakeForce;

    /// <summary>Clutch pedal in [0, 1] (1 fully pressed: no drive).</summary>
    public double? Clutch;

    /// <summary>Steering-wheel angle (rad), left positive.</summary>
    public double? SteeringWheel;

    /// <summary>Gear: negative reverse, 0 neutral, positive forward; null when not overridden.</summary>
    public int? Gear;

    /// <summary>Automatic gear 'p': no drive.</summary>
    public bool Park;

    public bool Any => Throttle is not null || Brake is not null || BrakeForce is not null || ParkingBrake is not null
        || ParkingBrakeForce is not null || Clutch is not null || SteeringWheel is not null || Gear is not null || Park;

    /// <summary>The demand the model gets: <paramref name="driver"/> with the overridden controls replaced.</summary>
    public ControlDemand Apply(ControlDemand driver, VehicleParameters p)
    {
        double drive = Throttle is { } t ? t * p.MaxAcceleration : Math.Max(driver.Acceleration, 0);
        if (Clutch is { } c)
        {
            drive *= 1 - c;
        }
        if (Park || Gear is <= 0)
        {
            drive = 0;
        }
        double brake = Brake is { } b ? b * p.MaxDeceleration
            : BrakeForce is { } f ? f / p.Mass
            : Math.Max(-driver.Acceleration, 0);
        double parking = ParkingBrake is { } pb ? pb * p.MaxDeceleration * p.DistanceCgToFront / p.Wheelbase
            : ParkingBrakeForce is { } pf ? pf / p.Mass
            : 0;
        ControlDemand d = driver;
        d.Acceleration = Math.Clamp(drive - brake - parking, -p.MaxDeceleration, p.MaxAcceleration);
        if (SteeringWheel is { } w)
        {
            d.Steering = SteeringInput.Angle;
            d.SteeringAngle = w / p.SteeringRatio;
        }
        return d;
    }
}
