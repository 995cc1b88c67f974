namespace HilBridge.Protocol.Messages;

/// <summary>
/// One stream the simulator can send: name, sensor type, rate, payload format (docs/sensors/*.md),
/// mounting pose in the vehicle frame (ISO 8855; m, rad) and the calibration JSON for cameras.
/// </summary>
public sealed record SensorManifestEntry(
    string Name, string Type, double RateHz, string Format,
    double X, double Y, double Z, double Roll, double Pitch, double Yaw,
    string? CalibrationJson);
