using SimCore.Entities;

namespace Sim.Runtime.Scoring;

/// <summary>The class names of the HIL protocol's perceived objects, and how entity kinds map to them.</summary>
internal static class ObjectClasses
{
    public const string Car = "car";
    public const string Truck = "truck";
    public const string Bus = "bus";
    public const string Pedestrian = "pedestrian";
    public const string Cyclist = "cyclist";
    public const string Obstacle = "obstacle";

    /// <summary>The protocol's class name for <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A kind added to SimCore without a class name here.</exception>
    public static string Of(EntityKind kind) => kind switch
    {
        EntityKind.Car => Car,
        EntityKind.Truck => Truck,
        EntityKind.Bus => Bus,
        EntityKind.Pedestrian => Pedestrian,
        EntityKind.Cyclist => Cyclist,
        EntityKind.Obstacle => Obstacle,
        // Fail loudly rather than score a new kind under a made-up name.
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "entity kind without a perception class name"),
    };

    /// <summary>True for the six class names the protocol defines.</summary>
    public static bool IsKnown(string name) => name is Car or Truck or Bus or Pedestrian or Cyclist or Obstacle;
}
