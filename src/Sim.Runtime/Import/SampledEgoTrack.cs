using HilBridge.Protocol.Messages;
using SensorModels.Mathematics;

namespace Sim.Runtime.Import;

/// <summary>
/// An ego track from timed poses in the recording's world frame (x east, y north, z up): states
/// between samples interpolated linearly (heading the short way round); yaw rate and acceleration
/// from central differences; outside the samples the ego carries on at the end's speed and
/// heading. The driver's road-wheel angle comes from a steering wheel angle series (deg) over the
/// steering ratio, when the log has one.
/// </summary>
internal sealed class SampledEgoTrack : IEgoTrack
{
    private readonly long[] _t;
    private readonly Vec3[] _p;
    private readonly double[] _yaw, _pitch, _roll, _speed, _lateral, _accel, _yawRate;
    private readonly (long T, double Deg)[]? _steering;
    private readonly double _ratio;

    /// <param name="timesNs">Sample times (recording time, strictly increasing, at least 2).</param>
    /// <param name="positions">Positions (m).</param>
    /// <param name="yaw">Heading (rad, counter-clockwise from east).</param>
    /// <param name="pitch">Pitch (rad, ISO 8855: nose down positive).</param>
    /// <param name="roll">Roll (rad).</param>
    /// <param name="speed">Longitudinal speed (m/s).</param>
    /// <param name="lateral">Lateral speed (m/s, left positive).</param>
    /// <param name="steeringDeg">Steering wheel angle (deg, left positive) by time, or null when the log has none.</param>
    /// <param name="steeringRatio">Steering wheel angle per road-wheel angle.</param>
    public SampledEgoTrack(long[] timesNs, Vec3[] positions, double[] yaw, double[] pitch, double[] roll, double[] speed, double[] lateral,
        (long T, double Deg)[]? steeringDeg, double steeringRatio)
    {
        int n = timesNs.Length;
        (_t, _p, _yaw, _pitch, _roll, _speed, _lateral, _steering, _ratio) = (timesNs, positions, yaw, pitch, roll, speed, lateral, steeringDeg, steeringRatio);
        (_accel, _yawRate) = (new double[n], new double[n]);
        for (int i = 0; i < n; i++)
        {
            int a = Math.Max(i - 1, 0), b = Math.Min(i + 1, n - 1);
            double dt = (_t[b] - _t[a]) * 1e-9;
            _accel[i] = dt > 0 ? (_speed[b] - _speed[a]) / dt : 0;
            _yawRate[i] = dt > 0 ? Math.IEEERemainder(_yaw[b] - _yaw[a], 2 * Math.PI) / dt : 0;
        }
    }

    /// <summary>Time of the first sample.</summary>
    public long StartNs => _t[0];

    /// <summary>Time of the last sample.</summary>
    public long EndNs => _t[^1];

    /// <inheritdoc/>
    public VehicleState At(long timeNs)
    {
        if (timeNs < _t[0] || timeNs > _t[^1])
        {
            int e = timeNs < _t[0] ? 0 : _t.Length - 1;
            double dt = (timeNs - _t[e]) * 1e-9;
            VehicleState s = At(_t[e]);
            return s with { X = s.X + s.Speed * Math.Cos(s.Yaw) * dt, Y = s.Y + s.Speed * Math.Sin(s.Yaw) * dt, SteeringAngle = Steering(timeNs) };
        }
        (int i, double f) = Locate(timeNs);
        int j = Math.Min(i + 1, _t.Length - 1);
        double L(double[] x) => x[i] + (x[j] - x[i]) * f;
        double yaw = _yaw[i] + Math.IEEERemainder(_yaw[j] - _yaw[i], 2 * Math.PI) * f;
        Vec3 p = _p[i] + (_p[j] - _p[i]) * f;
        double speed = L(_speed), yawRate = L(_yawRate);
        return new VehicleState(p.X, p.Y, p.Z, Math.IEEERemainder(yaw, 2 * Math.PI), L(_pitch), L(_roll), speed, L(_lateral), L(_accel), speed * yawRate, yawRate, Steering(timeNs));
    }

    /// <inheritdoc/>
    public (double SteeringAngle, double Acceleration)? Driver(long timeNs)
    {
        if (_steering is null)
        {
            return null;
        }
        VehicleState s = At(timeNs);
        return (s.SteeringAngle, s.Acceleration);
    }

    private double Steering(long timeNs)
    {
        if (_steering is not { Length: > 0 } st)
        {
            return 0;
        }
        if (timeNs <= st[0].T)
        {
            return st[0].Deg * Math.PI / 180 / _ratio;
        }
        if (timeNs >= st[^1].T)
        {
            return st[^1].Deg * Math.PI / 180 / _ratio;
        }
        int lo = 0, hi = st.Length - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            (lo, hi) = st[mid].T <= timeNs ? (mid, hi) : (lo, mid);
        }
        double f = (double)(timeNs - st[lo].T) / (st[hi].T - st[lo].T);
        return (st[lo].Deg + (st[hi].Deg - st[lo].Deg) * f) * Math.PI / 180 / _ratio;
    }

    private (int Index, double Fraction) Locate(long x)
    {
        int i = Array.BinarySearch(_t, x);
        if (i >= 0)
        {
            return (i, 0);
        }
        i = ~i - 1;
        return (i, (double)(x - _t[i]) / (_t[i + 1] - _t[i]));
    }
}
