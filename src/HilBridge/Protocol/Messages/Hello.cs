namespace HilBridge.Protocol.Messages;

/// <summary>The simulator's opening message.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="StepNs">Simulation step (ns).</param>
/// <param name="Seed">Seed of the run.</param>
/// <param name="Sensors">Every stream on offer.</param>
/// <param name="Dbc">The vehicle bus DBC text, or null when the rig has no CAN bus.</param>
/// <param name="SupportedVersions">Protocol versions the simulator speaks.</param>
public sealed record Hello(string Scenario, long StepNs, ulong Seed, IReadOnlyList<SensorManifestEntry> Sensors, string? Dbc, IReadOnlyList<ushort> SupportedVersions);
