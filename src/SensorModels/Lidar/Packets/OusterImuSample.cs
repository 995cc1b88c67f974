namespace SensorModels.Lidar.Packets;

/// <summary>One IMU measurement of an Ouster sensor, in SI units in the IMU's frame.</summary>
/// <param name="TimestampNs">Sample time (ns, the sensor's clock): LEGACY's accelerometer time, or the measurement's own.</param>
/// <param name="GyroTimestampNs">LEGACY: the gyroscope's read time; otherwise the same as <paramref name="TimestampNs"/>.</param>
/// <param name="Ax">Linear acceleration x (m/s^2, specific force: +9.81 up at rest).</param>
/// <param name="Ay">Linear acceleration y (m/s^2).</param>
/// <param name="Az">Linear acceleration z (m/s^2).</param>
/// <param name="Wx">Angular rate x (rad/s).</param>
/// <param name="Wy">Angular rate y (rad/s).</param>
/// <param name="Wz">Angular rate z (rad/s).</param>
public readonly record struct OusterImuSample(ulong TimestampNs, ulong GyroTimestampNs, double Ax, double Ay, double Az, double Wx, double Wy, double Wz);
