namespace SensorModels.Runtime;

/// <summary>One sensor's line in the run summary and in result.json's "sensors" object.</summary>
/// <param name="Name">Sensor name from the rig.</param>
/// <param name="Type">Sensor type.</param>
/// <param name="Format">Payload format id.</param>
/// <param name="Outputs">Outputs produced.</param>
/// <param name="Bytes">Payload bytes produced (a recording adds a 28-byte header per output and the 8-byte magic).</param>
public sealed record SensorSummary(string Name, string Type, string Format, long Outputs, long Bytes);
