using SimCore.Entities;
using SimCore.Mathematics;

namespace SimCore.Traffic;

/// <summary>
/// Moves an entity along a world polyline: by its own speed, or, when the vertices carry times,
/// by time (speed then follows from the timing). Pedestrians walking a path and vehicles following
/// a trajectory use it.
/// </summary>
internal sealed class PathFollower
{
    private readonly Vec2[] _points;
    private readonly double[] _cumulative;
    private readonly double[]? _times;
    private readonly double _startTime;
    private double _distance;
    private int _segment;

    public PathFollower(IReadOnlyList<Vec2> points, IReadOnlyList<double>? times, double startTime)
    {
        _points = points.ToArray();
        _cumulative = new double[_points.Length];
        for (int i = 1; i < _points.Length; i++)
        {
            _cumulative[i] = _cumulative[i - 1] + (_points[i] - _points[i - 1]).Length;
        }
        _times = times?.ToArray();
        _startTime = startTime;
    }

    public bool Finished { get; private set; }

    public double Length => _cumulative[^1];

    /// <summary>Speed this path wants at <paramref name="now"/> (timed paths), else the given speed.</summary>
    public double SpeedAt(double now, double dt, double ownSpeed)
    {
        if (_times is null)
        {
            return ownSpeed;
        }
        double d1 = DistanceAtTime(now - _startTime);
        return Math.Max(0.0, (d1 - _distance) / dt);
    }

    private double DistanceAtTime(double t)
    {
        double[] times = _times!;
        if (t <= times[0])
        {
            return 0;
        }
        for (int i = 1; i < times.Length; i++)
        {
            if (t <= times[i])
            {
                double f = (t - times[i - 1]) / Math.Max(times[i] - times[i - 1], 1e-12);
                return _cumulative[i - 1] + f * (_cumulative[i] - _cumulative[i - 1]);
            }
        }
        return Length;
    }

    /// <summary>Advances by <paramref name="distance"/> along the path and writes the pose.</summary>
    public void Advance(Entity e, double distance)
    {
        _distance = Math.Min(_distance + distance, Length);
        while (_segment < _points.Length - 2 && _distance > _cumulative[_segment + 1])
        {
            _segment++;
        }
        Vec2 a = _points[_segment], b = _points[Math.Min(_segment + 1, _points.Length - 1)];
        double segLen = _cumulative[Math.Min(_segment + 1, _points.Length - 1)] - _cumulative[_segment];
        double f = segLen > 0 ? (_distance - _cumulative[_segment]) / segLen : 1.0;
        Vec2 p = a + (b - a) * f;
        e.State.X = p.X;
        e.State.Y = p.Y;
        if (segLen > 0)
        {
            e.State.Heading = Math.Atan2(b.Y - a.Y, b.X - a.X);
        }
        if (_distance >= Length - 1e-9)
        {
            Finished = true;
        }
    }
}
