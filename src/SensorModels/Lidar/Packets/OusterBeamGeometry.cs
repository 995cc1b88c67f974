namespace SensorModels.Lidar.Packets;

/// <summary>
/// Turns an Ouster pixel's range into a point in the sensor frame, as Ouster's manual ("Lidar
/// Range to XYZ") and SDK define it: encoder angle theta_e = 2 pi (1 - m / W) for measurement id m
/// of W columns, beam azimuth theta_a = -azimuth_deg, altitude phi = altitude_deg; direction
/// d = (cos(theta_e + theta_a) cos phi, sin(theta_e + theta_a) cos phi, sin phi); the beam origin
/// sits beam_to_lidar[0,3] mm out along theta_e and beam_to_lidar[2,3] mm up, so
/// p_lidar = (r - n) d + (b03 cos theta_e, b03 sin theta_e, b23) with n = |(b03, b23)|; then the
/// lidar_to_sensor transform. Sensor frame: x forward (away from the connector), y left, z up.
/// </summary>
public sealed class OusterBeamGeometry
{
    private readonly double[] _cosAlt, _sinAlt, _cosAz, _sinAz, _cosEnc, _sinEnc;
    private readonly double _b03, _b23, _n;
    private readonly double[] _r = new double[9];
    private readonly double _tx, _ty, _tz;

    /// <summary>The geometry of the sensor <paramref name="info"/> describes.</summary>
    public OusterBeamGeometry(OusterSensorInfo info)
    {
        int h = info.Format.PixelsPerColumn, w = info.Format.ColumnsPerFrame;
        (_cosAlt, _sinAlt, _cosAz, _sinAz) = (new double[h], new double[h], new double[h], new double[h]);
        for (int i = 0; i < h; i++)
        {
            double phi = info.BeamAltitudesDeg[i] * Math.PI / 180, az = -info.BeamAzimuthsDeg[i] * Math.PI / 180;
            (_sinAlt[i], _cosAlt[i]) = Math.SinCos(phi);
            (_sinAz[i], _cosAz[i]) = Math.SinCos(az);
        }
        (_cosEnc, _sinEnc) = (new double[w], new double[w]);
        for (int m = 0; m < w; m++)
        {
            (_sinEnc[m], _cosEnc[m]) = Math.SinCos(2 * Math.PI - m * 2 * Math.PI / w);
        }
        _b03 = info.BeamToLidar[3];
        _b23 = info.BeamToLidar[11];
        _n = _b23 != 0 ? Math.Sqrt(_b03 * _b03 + _b23 * _b23) : _b03;
        IReadOnlyList<double> t = info.LidarToSensor;
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                _r[i * 3 + j] = t[i * 4 + j];
            }
        }
        (_tx, _ty, _tz) = (t[3], t[7], t[11]);
    }

    /// <summary>The point (m, sensor frame) of row <paramref name="row"/>, measurement id <paramref name="measurementId"/> at range <paramref name="rangeMm"/>.</summary>
    public (double X, double Y, double Z) Point(int row, int measurementId, double rangeMm)
    {
        double ce = _cosEnc[measurementId], se = _sinEnc[measurementId];
        double c = ce * _cosAz[row] - se * _sinAz[row];   // cos(theta_e + theta_a)
        double s = se * _cosAz[row] + ce * _sinAz[row];   // sin(theta_e + theta_a)
        double dx = c * _cosAlt[row], dy = s * _cosAlt[row], dz = _sinAlt[row];
        double k = rangeMm - _n;
        double lx = k * dx + _b03 * ce, ly = k * dy + _b03 * se, lz = k * dz + _b23;
        return ((_r[0] * lx + _r[1] * ly + _r[2] * lz + _tx) * 1e-3,
                (_r[3] * lx + _r[4] * ly + _r[5] * lz + _ty) * 1e-3,
                (_r[6] * lx + _r[7] * ly + _r[8] * lz + _tz) * 1e-3);
    }
}
