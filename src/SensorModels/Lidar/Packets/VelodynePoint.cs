namespace SensorModels.Lidar.Packets;

/// <summary>One return of a Velodyne data packet.</summary>
/// <param name="Laser">Laser id (0 to lasers - 1).</param>
/// <param name="Block">Block of the packet (0-11).</param>
/// <param name="Channel">Channel within the block (0-31).</param>
/// <param name="Return">0 for single-return packets and the first block of a dual pair, 1 for the second.</param>
/// <param name="X">Sensor frame x (m): forward (azimuth 0).</param>
/// <param name="Y">Sensor frame y (m): left.</param>
/// <param name="Z">Sensor frame z (m): up.</param>
/// <param name="Distance">Measured distance (m).</param>
/// <param name="Intensity">Calibrated reflectivity byte.</param>
/// <param name="AzimuthDeg">Azimuth of the firing (deg, clockwise from forward, offset and interpolation included).</param>
/// <param name="TimeOffsetUs">Firing time after the packet's timestamp (microseconds).</param>
public readonly record struct VelodynePoint(int Laser, int Block, int Channel, int Return, double X, double Y, double Z, double Distance, byte Intensity, double AzimuthDeg, double TimeOffsetUs);
