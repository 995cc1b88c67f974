namespace SimCore.Simulation;

/// <summary>
/// One entity's state at the current time: what trajectory output writes (the positional
/// members) and what sensor models sample (the kinematics, size and kind below).
/// </summary>
/// <param name="Name">Entity name.</param>
/// <param name="X">World x of the reference point (m).</param>
/// <param name="Y">World y (m).</param>
/// <param name="Z">World z (m).</param>
/// <param name="Heading">Heading in [0, 2 pi).</param>
/// <param name="Speed">Longitudinal speed (m/s).</param>
/// <param name="HasRoad">True when the road coordinates below are known.</param>
/// <param name="RoadId">Road the entity is on.</param>
/// <param name="RoadS">s on that road (m).</param>
/// <param name="LaneId">Lane id (0 outside lanes).</param>
/// <param name="LaneOffset">Lateral offset from the lane centre (m, positive left of the reference line).</param>
public readonly record struct EntitySnapshot(string Name, double X, double Y, double Z, double Heading, double Speed,
    bool HasRoad, string? RoadId, double RoadS, int LaneId, double LaneOffset)
{
    /// <summary>Index of the entity in the scenario (stable for the run).</summary>
    public int Id { get; init; }

    /// <summary>What the entity is.</summary>
    public Entities.EntityKind Kind { get; init; }

    /// <summary>True for the ego.</summary>
    public bool IsEgo { get; init; }

    /// <summary>Pitch from the road's grade along the heading (rad, nose up positive).</summary>
    public double Pitch { get; init; }

    /// <summary>Lateral velocity at the centre of gravity, vehicle frame (m/s).</summary>
    public double LateralVelocity { get; init; }

    /// <summary>Yaw rate (rad/s).</summary>
    public double YawRate { get; init; }

    /// <summary>Longitudinal acceleration (m/s^2).</summary>
    public double Acceleration { get; init; }

    /// <summary>Lateral acceleration (m/s^2).</summary>
    public double LateralAcceleration { get; init; }

    /// <summary>Road-wheel steering angle (rad).</summary>
    public double SteeringAngle { get; init; }

    /// <summary>Bounding-box length (m).</summary>
    public double Length { get; init; }

    /// <summary>Bounding-box width (m).</summary>
    public double Width { get; init; }

    /// <summary>Bounding-box height (m).</summary>
    public double Height { get; init; }

    /// <summary>Box centre ahead of the reference point (m).</summary>
    public double CenterOffsetX { get; init; }

    /// <summary>The lights lit now (flashing ones during their on-phases), as the scenario switched them.</summary>
    public Entities.VehicleLights Lights { get; init; }

    /// <summary>True once the scenario switched any of the entity's lights; before that a renderer chooses them (e.g. by the time of day).</summary>
    public bool LightsSet { get; init; }

    /// <summary>Centre of gravity ahead of the reference point (m): where <see cref="LateralVelocity"/> and the accelerations apply. The box centre for entities without vehicle parameters.</summary>
    public double CenterOfGravityX { get; init; }

    /// <summary>True while the entity is out of the simulation (not yet added, or deleted by an OpenSCENARIO EntityAction): outputs leave it out.</summary>
    public bool Removed { get; init; }

    /// <summary>True when sensor models must not see it (OpenSCENARIO VisibilityAction sensors="false").</summary>
    public bool HiddenFromSensors { get; init; }

    /// <summary>True when sensor models see it: in the simulation and not hidden from sensors.</summary>
    public bool SensorVisible => !Removed && !HiddenFromSensors;

    /// <summary>True when views of the scene should not draw it (VisibilityAction graphics="false").</summary>
    public bool HiddenFromGraphics { get; init; }
}
