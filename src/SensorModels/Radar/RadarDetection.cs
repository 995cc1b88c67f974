namespace SensorModels.Radar;

/// <summary>One radar detection in the sensor frame (as written in radar.detections.v1).</summary>
/// <param name="Range">Range (m).</param>
/// <param name="Azimuth">Azimuth (rad, positive to the left of the sensor's x axis).</param>
/// <param name="Elevation">Elevation (rad, positive up).</param>
/// <param name="RadialVelocity">Range rate (m/s): negative approaching, positive receding.</param>
/// <param name="RcsDbsm">Measured RCS (dBsm).</param>
/// <param name="SnrDb">Measured SNR (dB).</param>
/// <param name="EntityId">Ground-truth entity id, -1 for a false alarm.</param>
/// <param name="Order">Order of creation (breaks ties when sorting by SNR).</param>
internal readonly record struct RadarDetection(double Range, double Azimuth, double Elevation, double RadialVelocity, double RcsDbsm, double SnrDb, int EntityId, int Order);
