namespace SimCore.Dynamics;

/// <summary>
/// Geometry, mass, tyre and actuator parameters of one vehicle for the single-track models.
/// All values SI, angles in radians. Lengths along x are in the vehicle frame (ISO 8855,
/// origin at the rear-axle centre on the ground).
/// </summary>
public sealed record VehicleParameters
{
    /// <summary>Bounding-box length (m).</summary>
    public double Length { get; init; }

    /// <summary>Bounding-box width (m).</summary>
    public double Width { get; init; }

    /// <summary>Bounding-box height (m).</summary>
    public double Height { get; init; }

    /// <summary>Distance from the rear bumper to the rear axle (m).</summary>
    public double RearOverhang { get; init; }

    /// <summary>Mass (kg).</summary>
    public double Mass { get; init; }

    /// <summary>Yaw moment of inertia about the centre of gravity (kg m^2).</summary>
    public double YawInertia { get; init; }

    /// <summary>Distance from the centre of gravity forward to the front axle, lf (m).</summary>
    public double DistanceCgToFront { get; init; }

    /// <summary>Distance from the centre of gravity back to the rear axle, lr (m).</summary>
    public double DistanceCgToRear { get; init; }

    /// <summary>Cornering stiffness of the front axle (both tyres together), N/rad.</summary>
    public double CorneringStiffnessFront { get; init; }

    /// <summary>Cornering stiffness of the rear axle (all tyres together), N/rad.</summary>
    public double CorneringStiffnessRear { get; init; }

    /// <summary>Tyre-road friction coefficient mu (dimensionless).</summary>
    public double FrictionCoefficient { get; init; }

    /// <summary>Largest road-wheel steering angle magnitude (rad).</summary>
    public double MaxSteeringAngle { get; init; }

    /// <summary>Largest road-wheel steering rate magnitude (rad/s).</summary>
    public double MaxSteeringRate { get; init; }

    /// <summary>Largest longitudinal acceleration (m/s^2, positive).</summary>
    public double MaxAcceleration { get; init; }

    /// <summary>Largest longitudinal deceleration (m/s^2, positive: braking at -MaxDeceleration).</summary>
    public double MaxDeceleration { get; init; }

    /// <summary>Largest rate of change of the longitudinal acceleration (m/s^3).</summary>
    public double MaxJerk { get; init; }

    /// <summary>Largest forward speed (m/s).</summary>
    public double MaxSpeed { get; init; }

    /// <summary>Time constant of the first-order steering actuator lag (s); 0 means no lag.</summary>
    public double SteeringTimeConstant { get; init; }

    /// <summary>Time constant of the first-order acceleration actuator lag (s); 0 means no lag.</summary>
    public double AccelerationTimeConstant { get; init; }

    /// <summary>Steering-wheel angle per road-wheel angle (OpenSCENARIO steering-wheel overrides); 15 when not given, a typical passenger car.</summary>
    public double SteeringRatio { get; init; } = 15.0;

    /// <summary>Wheelbase lf + lr (m).</summary>
    public double Wheelbase => DistanceCgToFront + DistanceCgToRear;

    /// <summary>x of the bounding-box centre in the vehicle frame (m): Length/2 - RearOverhang.</summary>
    public double BoundingBoxCentreX => Length / 2 - RearOverhang;

    /// <summary>
    /// Checks every field and returns one message per problem, each naming the field;
    /// an empty list means the parameters are usable.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        // "!(v > 0)" rather than "v <= 0" so NaN is rejected too.
        void Positive(double v, string name)
        {
            if (!(v > 0))
            {
                errors.Add($"{name} must be positive (got {v})");
            }
        }
        void NonNegative(double v, string name)
        {
            if (!(v >= 0) || double.IsPositiveInfinity(v))
            {
                errors.Add($"{name} must be zero or positive and finite (got {v})");
            }
        }

        Positive(Length, nameof(Length));
        Positive(Width, nameof(Width));
        Positive(Height, nameof(Height));
        NonNegative(RearOverhang, nameof(RearOverhang));
        if (RearOverhang >= 0 && Length > 0 && RearOverhang > Length)
        {
            errors.Add($"{nameof(RearOverhang)} ({RearOverhang}) must not exceed {nameof(Length)} ({Length})");
        }
        Positive(Mass, nameof(Mass));
        Positive(YawInertia, nameof(YawInertia));
        Positive(DistanceCgToFront, nameof(DistanceCgToFront));
        Positive(DistanceCgToRear, nameof(DistanceCgToRear));
        if (!(Wheelbase > 0))
        {
            errors.Add($"{nameof(Wheelbase)} ({nameof(DistanceCgToFront)} + {nameof(DistanceCgToRear)}) must be positive (got {Wheelbase})");
        }
        Positive(CorneringStiffnessFront, nameof(CorneringStiffnessFront));
        Positive(CorneringStiffnessRear, nameof(CorneringStiffnessRear));
        Positive(FrictionCoefficient, nameof(FrictionCoefficient));
        if (!(MaxSteeringAngle > 0 && MaxSteeringAngle < Math.PI / 2))
        {
            // tan(delta)/L in the kinematic model is singular at pi/2.
            errors.Add($"{nameof(MaxSteeringAngle)} must be between 0 and pi/2 rad, exclusive (got {MaxSteeringAngle})");
        }
        Positive(MaxSteeringRate, nameof(MaxSteeringRate));
        Positive(MaxAcceleration, nameof(MaxAcceleration));
        Positive(MaxDeceleration, nameof(MaxDeceleration));
        Positive(MaxJerk, nameof(MaxJerk));
        Positive(MaxSpeed, nameof(MaxSpeed));
        NonNegative(SteeringTimeConstant, nameof(SteeringTimeConstant));
        NonNegative(AccelerationTimeConstant, nameof(AccelerationTimeConstant));
        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem found by <see cref="Validate"/>.</summary>
    public void EnsureValid()
    {
        IReadOnlyList<string> errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid vehicle parameters: " + string.Join("; ", errors));
        }
    }

    /// <summary>
    /// CommonRoad vehicle model 2 (BMW 320i), from CommonRoad's "Vehicle Models" documentation
    /// and parameters_vehicle2. Values CommonRoad does not define are marked as assumptions.
    /// </summary>
    public static VehicleParameters CommonRoadVehicle2 { get; } = CreateCommonRoadVehicle2();

    /// <summary>
    /// A two-axle rigid distribution truck of about 14 t (part laden). Plausible engineering
    /// values, not one manufacturer's datasheet.
    /// </summary>
    public static VehicleParameters Truck { get; } = new()
    {
        Length = 9.5,                 // cab-over front overhang 1.4 + wheelbase 5.0 + rear overhang 3.1
        Width = 2.55,                 // EU maximum width (Directive 96/53/EC)
        Height = 3.6,
        RearOverhang = 3.1,
        Mass = 14_000,
        YawInertia = 1.1e5,           // ~ m (Length^2 + Width^2) / 12
        DistanceCgToFront = 3.1,      // rear axle carries ~62 % of the load
        DistanceCgToRear = 1.9,
        CorneringStiffnessFront = 3.1e5,  // ~6 /rad times the front axle load (52 kN)
        CorneringStiffnessRear = 6.0e5,   // ~7 /rad times the rear axle load (85 kN), twin tyres; mildly understeering
        FrictionCoefficient = 0.8,    // truck tyres on dry asphalt
        MaxSteeringAngle = 0.6,
        MaxSteeringRate = 0.3,        // ~360 deg/s at the hand wheel through a ~20:1 ratio
        MaxAcceleration = 1.5,
        MaxDeceleration = 6.0,        // laden EBS truck, full braking
        MaxJerk = 10,
        MaxSpeed = 25,                // 90 km/h speed limiter for N3 vehicles (EU Directive 92/6/EEC)
        SteeringTimeConstant = 0.2,
        AccelerationTimeConstant = 0.5,   // pneumatic brakes and a heavy drivetrain respond slowly
    };

    /// <summary>
    /// A 12 m two-axle city bus of about 15 t (half laden), with dimensions close to a
    /// Mercedes-Benz Citaro O 530. Plausible engineering values, not one datasheet.
    /// </summary>
    public static VehicleParameters Bus { get; } = new()
    {
        Length = 12.135,              // front overhang 2.805 + wheelbase 5.845 + rear overhang 3.485
        Width = 2.55,
        Height = 3.12,
        RearOverhang = 3.485,
        Mass = 15_000,
        YawInertia = 1.9e5,           // ~ m (Length^2 + Width^2) / 12
        DistanceCgToFront = 3.74,     // rear axle carries ~64 % of the load (engine at the rear)
        DistanceCgToRear = 2.105,
        CorneringStiffnessFront = 3.2e5,  // ~6 /rad times the front axle load (53 kN)
        CorneringStiffnessRear = 6.5e5,   // ~7 /rad times the rear axle load (94 kN), twin tyres; mildly understeering
        FrictionCoefficient = 0.8,
        MaxSteeringAngle = 0.75,
        MaxSteeringRate = 0.3,
        MaxAcceleration = 1.5,
        MaxDeceleration = 6.0,        // more would throw standing passengers
        MaxJerk = 10,
        MaxSpeed = 22.22,             // 80 km/h governor typical of city buses
        SteeringTimeConstant = 0.2,
        AccelerationTimeConstant = 0.5,
    };

    private static VehicleParameters CreateCommonRoadVehicle2()
    {
        // CommonRoad parameters_vehicle2 (BMW 320i); full-precision values as in CommonRoad's
        // generated model code.
        const double mass = 1.093295233467405e3;         // m
        const double lf = 1.1561957064;                   // a
        const double lr = 1.4227170936;                   // b
        const double mu = 1.0489;                         // tire.p_dy1
        const double csf = 20.898083706740398;            // C_Sf, 1/rad, normalised by axle load
        const double csr = 20.898083706740398;            // C_Sr
        const double wheelbase = lf + lr;
        const double g = PhysicalConstants.Gravity;
        const double length = 4.508;                      // l
        return new VehicleParameters
        {
            Length = length,
            Width = 1.610,                                // w
            Height = 1.39,                                // assumption: BMW 3 Series saloon roof height; not in CommonRoad
            RearOverhang = (length - wheelbase) / 2,      // assumption: CommonRoad centres the box on the wheelbase
            Mass = mass,
            YawInertia = 1.791599530012286e3,             // I_z
            DistanceCgToFront = lf,
            DistanceCgToRear = lr,
            // CommonRoad's ST model writes the axle force as mu * C_S * F_z * alpha with the
            // static load F_zf = m g lr / l; the per-axle stiffness is therefore C_S mu F_z.
            CorneringStiffnessFront = csf * mu * mass * g * lr / wheelbase,
            CorneringStiffnessRear = csr * mu * mass * g * lf / wheelbase,
            FrictionCoefficient = mu,
            MaxSteeringAngle = 1.066,                     // steering.max
            MaxSteeringRate = 0.4,                        // steering.v_max
            MaxAcceleration = 11.5,                       // longitudinal.a_max
            MaxDeceleration = 11.5,                       // CommonRoad bounds |a| by the same a_max
            MaxJerk = 30,                                 // assumption: brisk brake build-up; CommonRoad's j_max is a placeholder
            MaxSpeed = 50.8,                              // longitudinal.v_max
            SteeringTimeConstant = 0.1,                   // assumption: electric power steering lag
            AccelerationTimeConstant = 0.2,               // assumption: brake/powertrain lag
        };
    }
}
