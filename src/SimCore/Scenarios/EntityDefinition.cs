using SimCore.Diagnostics;
using SimCore.Driver;
using SimCore.Dynamics;
using SimCore.Entities;
using SimCore.Traffic;

namespace SimCore.Scenarios;

/// <summary>Who drives an entity.</summary>
internal enum DriverKind
{
    /// <summary>The storyboard and its behaviours move it.</summary>
    None,
    /// <summary>The built-in reference driver (makes the entity the ego).</summary>
    Reference,
    /// <summary>A target computer over the HIL bridge (makes the entity the ego).</summary>
    External,
}

/// <summary>Which vehicle model integrates a driven entity.</summary>
internal enum VehicleModelKind
{
    Dynamic,
    Kinematic,
}

/// <summary>An entity as a scenario declares it.</summary>
internal sealed record EntityDefinition(string Name, EntityKind Kind, SourceLocation Where)
{
    public VehicleParameters? Vehicle { get; init; }
    public double Length { get; init; }
    public double Width { get; init; }
    public double Height { get; init; }
    public double CenterOffsetX { get; init; }

    /// <summary>Distance from the reference point back to the rear axle when they differ (see <see cref="Entities.TrailingAxle"/>).</summary>
    public double TrailingDistance { get; init; }
    public required PositionSpec Position { get; init; }
    public double Speed { get; init; }

    /// <summary>The fastest an entity may be declared (m/s): far beyond any vehicle, and small enough that the dynamics stay finite.</summary>
    public const double MaxSpeed = 1000;

    public DriverKind Driver { get; init; }
    public ReferenceDriverSettings? DriverSettings { get; init; }
    public VehicleModelKind Model { get; init; } = VehicleModelKind.Dynamic;
    public IdmParameters? Idm { get; init; }

    /// <summary>
    /// Marks the ego when it has no driver of its own and follows the storyboard, as esmini plays
    /// OpenSCENARIO files (KPIs and criteria still judge it).
    /// </summary>
    public bool StoryboardEgo { get; init; }

    /// <summary>Out of the simulation at the start, until an OpenSCENARIO AddEntityAction places it.</summary>
    public bool StartsAbsent { get; init; }

    public bool IsEgo => StoryboardEgo || Driver != DriverKind.None;

    /// <summary>The vehicle model a kind gets when the scenario names none (null: not a vehicle).</summary>
    public static VehicleParameters? DefaultVehicle(EntityKind kind) => kind switch
    {
        EntityKind.Car => VehicleParameters.CommonRoadVehicle2,
        EntityKind.Truck => VehicleParameters.Truck,
        EntityKind.Bus => VehicleParameters.Bus,
        _ => null,
    };

    /// <summary>Bounding box (m) and its centre ahead of the reference point when the scenario gives no dimensions.</summary>
    public static (double Length, double Width, double Height, double CenterX) DefaultDimensions(EntityKind kind, VehicleParameters? vehicle) => kind switch
    {
        EntityKind.Pedestrian => (0.5, 0.6, 1.8, 0.0),
        EntityKind.Cyclist => (1.8, 0.6, 1.7, 0.0),
        EntityKind.Obstacle => (1.0, 1.0, 1.0, 0.0),
        _ => (vehicle!.Length, vehicle.Width, vehicle.Height, vehicle.BoundingBoxCentreX),
    };
}
