using HilBridge.Protocol.Messages;
using SensorModels.Gnss;
using SensorModels.Mathematics;

namespace Sim.Cli.Import.Comma2k19;

/// <summary>
/// The ego of a comma2k19 segment: the fused camera pose per video frame (ECEF position, velocity,
/// and the Hamilton quaternion that turns the camera frame [forward, right, down] into ECEF),
/// expressed in a local east-north-up plane at the first pose. Heading is the camera's forward
/// axis, speed its velocity along it; yaw rate and acceleration are central differences; the
/// driver's road-wheel angle is the steering wheel angle decoded from CAN over the steering ratio.
/// States between poses are interpolated linearly (heading the short way round).
/// </summary>
internal sealed class CommaPoseTrack : IEgoTrack
{
    private readonly long[] _t;
    private readonly Vec3[] _p;
    private readonly double[] _yaw, _pitch, _roll, _speed, _lateral, _accel, _yawRate;
    private readonly (long T, double Deg)[] _steering;
    private readonly double _ratio;

    /// <param name="timesNs">Pose times (recording time, increasing).</param>
    /// <param name="ecef">Positions (ECEF, m).</param>
    /// <param name="velocities">Velocities (ECEF, m/s).</param>
    /// <param name="quaternions">Orientations [w, x, y, z]: camera frame to ECEF.</param>
    /// <param name="steering">Steering wheel angle (deg, left positive) decoded from CAN, by time.</param>
    /// <param name="steeringRatio">Steering wheel angle per road-wheel angle.</param>
    public CommaPoseTrack(long[] timesNs, Vec3[] ecef, Vec3[] velocities, double[][] quaternions, (long T, double Deg)[] steering, double steeringRatio)
    {
        int n = timesNs.Length;
        (double lat, double lon, double h) = Wgs84.FromEcef(ecef[0]);
        Plane = new EnuFrame(lat, lon, h);
        (_t, _p, _steering, _ratio) = (timesNs, new Vec3[n], steering, steeringRatio);
        (_yaw, _pitch, _roll, _speed, _lateral, _accel, _yawRate) = (new double[n], new double[n], new double[n], new double[n], new double[n], new double[n], new double[n]);
        for (int i = 0; i < n; i++)
        {
            _p[i] = Plane.EcefToEnu(ecef[i]);
            double[] q = quaternions[i];
            Vec3 forward = Plane.EcefDirectionToEnu(Rotate(q, new Vec3(1, 0, 0)));
            Vec3 left = Plane.EcefDirectionToEnu(-Rotate(q, new Vec3(0, 1, 0)));
            Vec3 up = Plane.EcefDirectionToEnu(-Rotate(q, new Vec3(0, 0, 1)));
            Vec3 v = Plane.EcefDirectionToEnu(velocities[i]);
            _yaw[i] = Math.Atan2(forward.Y, forward.X);
            _pitch[i] = -Math.Asin(Math.Clamp(forward.Z, -1, 1)); // ISO 8855: nose down positive
            _roll[i] = Math.Atan2(left.Z, up.Z);
            _speed[i] = v.X * forward.X + v.Y * forward.Y + v.Z * forward.Z;
            _lateral[i] = v.X * left.X + v.Y * left.Y + v.Z * left.Z;
        }
        for (int i = 0; i < n; i++)
        {
            int a = Math.Max(i - 1, 0), b = Math.Min(i + 1, n - 1);
            double dt = (_t[b] - _t[a]) * 1e-9;
            _accel[i] = dt > 0 ? (_speed[b] - _speed[a]) / dt : 0;
            _yawRate[i] = dt > 0 ? Math.IEEERemainder(_yaw[b] - _yaw[a], 2 * Math.PI) / dt : 0;
        }
    }

    /// <summary>The east-north-up plane (origin at the first pose).</summary>
    public EnuFrame Plane { get; }

    /// <summary>Time of the last pose.</summary>
    public long EndNs => _t[^1];

    /// <inheritdoc/>
    public VehicleState At(long timeNs)
    {
        if (timeNs < _t[0] || timeNs > _t[^1])
        {
            // Outside the poses (CAN and the IMU start and end a little apart): carry on at the end's speed and heading.
            int e = timeNs < _t[0] ? 0 : _t.Length - 1;
            double dt = (timeNs - _t[e]) * 1e-9;
            VehicleState s = At(_t[e]);
            return s with { X = s.X + s.Speed * Math.Cos(s.Yaw) * dt, Y = s.Y + s.Speed * Math.Sin(s.Yaw) * dt, SteeringAngle = SteeringDeg(timeNs) * Math.PI / 180 / _ratio };
        }
        (int i, double f) = Locate(_t, timeNs);
        int j = Math.Min(i + 1, _t.Length - 1);
        double L(double[] x) => x[i] + (x[j] - x[i]) * f;
        double yaw = _yaw[i] + Math.IEEERemainder(_yaw[j] - _yaw[i], 2 * Math.PI) * f;
        Vec3 p = _p[i] + (_p[j] - _p[i]) * f;
        double speed = L(_speed), yawRate = L(_yawRate);
        return new VehicleState(p.X, p.Y, p.Z, Math.IEEERemainder(yaw, 2 * Math.PI), L(_pitch), L(_roll), speed, L(_lateral), L(_accel), speed * yawRate, yawRate,
            SteeringDeg(timeNs) * Math.PI / 180 / _ratio);
    }

    /// <inheritdoc/>
    public (double SteeringAngle, double Acceleration)? Driver(long timeNs)
    {
        VehicleState s = At(timeNs);
        return (s.SteeringAngle, s.Acceleration);
    }

    private double SteeringDeg(long timeNs)
    {
        if (_steering.Length == 0)
        {
            return 0;
        }
        int lo = 0, hi = _steering.Length - 1;
        if (timeNs <= _steering[0].T)
        {
            return _steering[0].Deg;
        }
        if (timeNs >= _steering[hi].T)
        {
            return _steering[hi].Deg;
        }
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            (lo, hi) = _steering[mid].T <= timeNs ? (mid, hi) : (lo, mid);
        }
        double f = (double)(timeNs - _steering[lo].T) / (_steering[hi].T - _steering[lo].T);
        return _steering[lo].Deg + (_steering[hi].Deg - _steering[lo].Deg) * f;
    }

    private static (int Index, double Fraction) Locate(long[] t, long x)
    {
        if (x <= t[0])
        {
            return (0, 0);
        }
        if (x >= t[^1])
        {
            return (t.Length - 1, 0);
        }
        int i = Array.BinarySearch(t, x);
        if (i >= 0)
        {
            return (i, 0);
        }
        i = ~i - 1;
        return (i, (double)(x - t[i]) / (t[i + 1] - t[i]));
    }

    /// <summary>Rotates <paramref name="v"/> by the Hamilton quaternion [w, x, y, z].</summary>
    private static Vec3 Rotate(double[] q, Vec3 v)
    {
        double w = q[0], x = q[1], y = q[2], z = q[3];
        return new Vec3(
            (1 - 2 * (y * y + z * z)) * v.X + 2 * (x * y - w * z) * v.Y + 2 * (x * z + w * y) * v.Z,
            2 * (x * y + w * z) * v.X + (1 - 2 * (x * x + z * z)) * v.Y + 2 * (y * z - w * x) * v.Z,
            2 * (x * z - w * y) * v.X + 2 * (y * z + w * x) * v.Y + (1 - 2 * (x * x + y * y)) * v.Z);
    }
}
