namespace Sim.Runtime.Import;

/// <summary>A stream of an imported recording: a `/sim/sensor/NAME` channel.</summary>
/// <param name="Name">Stream name.</param>
/// <param name="Type">Sensor type (lidar, imu, gnss, can, radar...).</param>
/// <param name="Format">Payload format (docs/sensors/*.md).</param>
/// <param name="RateHz">Nominal output rate.</param>
/// <param name="Mount">Pose in the vehicle frame: x, y, z (m), roll, pitch, yaw (rad); zeros where the source does not say.</param>
/// <param name="Calibration">JSON describing the source sensor (its metadata), or null.</param>
internal sealed record ImportedStream(string Name, string Type, string Format, double RateHz, double[] Mount, string? Calibration = null);
