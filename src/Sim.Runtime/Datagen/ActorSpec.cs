namespace Sim.Runtime.Datagen;

/// <summary>
/// How a spec randomises the actors added to each variant: how many, of which types (relative
/// weights), where relative to the ego (metres along its lane; any lane that exists there), and how fast.
/// </summary>
/// <param name="Count">Number of actors added (rounded down from the drawn value).</param>
/// <param name="Types">Entity types with their relative weights, in spec order.</param>
/// <param name="Ds">Distance along the ego's direction of travel from the ego's reference point (m).</param>
/// <param name="VehicleSpeed">Initial speed of cars, trucks and buses (m/s); they then follow their lane with IDM at that desired speed.</param>
/// <param name="PedestrianSpeed">Speed of pedestrians along their lane (m/s).</param>
/// <param name="CyclistSpeed">Speed of cyclists along their lane (m/s).</param>
internal sealed record ActorSpec(ValueRange Count, IReadOnlyList<(string Type, double Weight)> Types, ValueRange Ds,
    ValueRange VehicleSpeed, ValueRange PedestrianSpeed, ValueRange CyclistSpeed)
{
    /// <summary>The entity types a spec may name.</summary>
    public static readonly string[] KnownTypes = ["car", "truck", "bus", "pedestrian", "cyclist"];

    /// <summary>No added actors.</summary>
    public static ActorSpec None { get; } = new(new ValueRange(0, 0), [("car", 1)], new ValueRange(10, 60),
        new ValueRange(10, 25), new ValueRange(0.5, 1.8), new ValueRange(2, 6));

    /// <summary>Length used to keep actors apart when placing them (m): the longest preset of the type, rounded up.</summary>
    public static double SpacingLength(string type) => type switch
    {
        "truck" => 12,
        "bus" => 13,
        "pedestrian" => 1,
        "cyclist" => 2,
        _ => 5,
    };
}
