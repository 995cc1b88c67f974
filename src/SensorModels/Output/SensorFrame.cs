namespace SensorModels.Output;

/// <summary>The header every sensor output carries.</summary>
/// <param name="Sensor">Sensor name from the rig.</param>
/// <param name="Type">Sensor type.</param>
/// <param name="Format">Payload layout id, documented in docs/sensors.md (e.g. "imu.v1").</param>
/// <param name="Sequence">0, 1, 2, ... per sensor.</param>
/// <param name="StartNanoseconds">Simulation time the acquisition began.</param>
/// <param name="EndNanoseconds">Simulation time it ended (the output's timestamp).</param>
public readonly record struct SensorFrame(string Sensor, string Type, string Format, long Sequence, long StartNanoseconds, long EndNanoseconds);

/// <summary>Receives sensor outputs as they are produced.</summary>
public interface ISensorSink
{
    /// <summary>One output: its header and its payload bytes (valid only during the call).</summary>
    void Write(in SensorFrame frame, ReadOnlySpan<byte> payload);
}
