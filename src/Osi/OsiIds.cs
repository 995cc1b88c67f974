namespace Osi;

/// <summary>
/// How osi3 identifiers are given out (docs/osi.md, "Identifiers"): one id space per message, so a
/// moving object keeps its scenario index and the road's items live in ranges of their own.
/// </summary>
internal static class OsiIds
{
    /// <summary>Lanes: this plus their index in the road map (road, section, lane order).</summary>
    public const ulong Lanes = 1_000_000;

    /// <summary>Lane boundaries: this plus their index in the road map.</summary>
    public const ulong LaneBoundaries = 2_000_000;

    /// <summary>Traffic light bulbs: this plus their index.</summary>
    public const ulong TrafficLights = 3_000_000;

    /// <summary>Traffic signs: this plus their index.</summary>
    public const ulong TrafficSigns = 4_000_000;

    /// <summary>Sensors of the rig (SensorView.sensor_id): this plus their rig index.</summary>
    public const ulong Sensors = 5_000_000;

    /// <summary>The <c>ExternalReference.type</c> of an item that comes from an OpenDRIVE map.</summary>
    public const string OpenDrive = "net.asam.opendrive";

    /// <summary>The <c>ExternalReference.type</c> of an entity of the scenario.</summary>
    public const string OpenScenario = "net.asam.openscenario";
}
