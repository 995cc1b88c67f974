namespace SimCore.Roads;

/// <summary>
/// An OpenDRIVE <c>&lt;signal&gt;</c>: a traffic sign or light beside a road. A dynamic one
/// (<c>dynamic="yes"</c>, a traffic light) changes state during a run; its state is kept by the
/// simulation, not here.
/// </summary>
/// <param name="Id">Signal id, unique in the network.</param>
/// <param name="RoadId">The road it stands on.</param>
/// <param name="S">Distance along the road's reference line (m).</param>
/// <param name="T">Lateral offset from the reference line, left positive (m).</param>
/// <param name="Dynamic">True for a signal whose state changes (a traffic light).</param>
/// <param name="Orientation">"+" facing traffic along +s, "-" against it, "none" both.</param>
/// <param name="Type">Signal type code (country specific, e.g. 1000001 a three-lamp traffic light).</param>
/// <param name="Subtype">Signal subtype code.</param>
/// <param name="Country">Country code of the type ("OpenDRIVE" for the standard's own light types).</param>
public sealed record RoadSignal(string Id, string RoadId, double S, double T, bool Dynamic, string Orientation, string Type, string Subtype, string? Country)
{
    /// <summary>Signal name, if any.</summary>
    public string? Name { get; init; }

    /// <summary>Height of its bottom edge above the road (m).</summary>
    public double ZOffset { get; init; }

    /// <summary>Height of the signal board or light housing (m).</summary>
    public double Height { get; init; }

    /// <summary>Width of the signal board or light housing (m).</summary>
    public double Width { get; init; }

    /// <summary>Heading offset from the orientation's direction (rad).</summary>
    public double HOffset { get; init; }

    /// <summary>Value of the sign (a speed limit's number), if any.</summary>
    public double? Value { get; init; }

    /// <summary>Lanes it applies to (OpenDRIVE <c>validity</c>: from, to lane id); empty: all lanes of its orientation.</summary>
    public IReadOnlyList<(int From, int To)> Validity { get; init; } = [];

    /// <summary>
    /// The number of lamps of a traffic light of the standard's own types (1000001: three lamps,
    /// red, yellow, green; 1000002: two, red and green; 1000011: two, yellow and arrow), else 0.
    /// A state lists one of on, off or flashing per lamp, separated by ';'.
    /// </summary>
    public int LampCount => Type switch
    {
        "1000001" or "1000009" or "1000010" => 3,
        "1000002" or "1000007" or "1000011" or "1000012" or "1000013" => 2,
        "1000008" => 1,
        _ => 0,
    };
}

/// <summary>
/// An OpenDRIVE <c>&lt;signalReference&gt;</c>: a signal of another road that also governs this one
/// at (<see cref="S"/>, <see cref="T"/>).
/// </summary>
/// <param name="SignalId">The referenced signal.</param>
/// <param name="S">Distance along this road's reference line (m).</param>
/// <param name="T">Lateral offset (m).</param>
/// <param name="Orientation">"+", "-" or "none", as for a signal.</param>
public readonly record struct RoadSignalReference(string SignalId, double S, double T, string Orientation);

/// <summary>
/// An OpenDRIVE <c>&lt;controller&gt;</c>: signals switched together (their phases come from the
/// scenario, e.g. an OpenSCENARIO TrafficSignalController).
/// </summary>
/// <param name="Id">Controller id.</param>
/// <param name="Name">Name, if any.</param>
/// <param name="Sequence">Order in which a junction's controllers run, if given.</param>
/// <param name="SignalIds">The signals it controls.</param>
public sealed record RoadSignalController(string Id, string? Name, int? Sequence, IReadOnlyList<string> SignalIds);
