using SimCore.Mathematics;

namespace SimCore.Trajectories;

/// <summary>How a trajectory's heading varies between two samples.</summary>
internal enum HeadingBlend
{
    /// <summary>Linearly from one sample's heading to the next (trajectory following mode 'follow', sampled curves).</summary>
    Linear,

    /// <summary>
    /// Each segment keeps its start sample's heading and turns only within 2 m (at most half the
    /// segment) of a corner, reaching the mean of both headings at the corner; the last segment
    /// turns fully to the final heading. Following mode 'position' on a polyline, as esmini plays it.
    /// </summary>
    Corners,
}

/// <summary>
/// The samples a trajectory is evaluated from, with linear interpolation of position, time and
/// speed by distance along them. Polylines are their own samples; clothoids, clothoid splines and
/// NURBS are sampled every metre (esmini's representation, which the conformance data follows).
/// </summary>
internal sealed class TrajectoryPolyline
{
    private const double CornerRadius = 2.0;
    private readonly TrajectoryPoint[] _v;

    public TrajectoryPolyline(TrajectoryPoint[] samples, HeadingBlend blend)
    {
        if (samples.Length == 0)
        {
            throw new ArgumentException("a trajectory needs at least one sample", nameof(samples));
        }
        _v = samples;
        Blend = blend;
    }

    public HeadingBlend Blend { get; }

    public int Count => _v.Length;

    public double Length => _v[^1].S;

    public ref readonly TrajectoryPoint this[int i] => ref _v[i];

    /// <summary>The segment holding distance <paramref name="s"/> (the last sample's index past the end).</summary>
    private int SegmentAt(double s, int hint)
    {
        int n = _v.Length;
        if (s > _v[n - 1].S)
        {
            return n - 1;
        }
        int i = Math.Clamp(hint, 0, n - 1);
        while (i < n - 1 && s > _v[i + 1].S)
        {
            i++;
        }
        while (i > 0 && s < _v[i].S)
        {
            i--;
        }
        return i;
    }

    /// <summary>Evaluates at distance <paramref name="s"/> (clamped to the polyline); <paramref name="hint"/> speeds up the search and is updated.</summary>
    public TrajectoryPoint Evaluate(double s, ref int hint)
    {
        int i = SegmentAt(s, hint);
        hint = i;
        return EvaluateSegment(i, s - _v[i].S);
    }

    private TrajectoryPoint EvaluateSegment(int i, double local)
    {
        ref readonly TrajectoryPoint p0 = ref _v[i];
        if (i >= _v.Length - 1)
        {
            return p0;
        }
        ref readonly TrajectoryPoint p1 = ref _v[i + 1];
        double length = Math.Max(p1.S - p0.S, 1e-10);
        local = Math.Clamp(local, 0, length);
        double a = local / length;
        var r = new TrajectoryPoint
        {
            S = p0.S + a * (p1.S - p0.S),
            X = p0.X + a * (p1.X - p0.X),
            Y = p0.Y + a * (p1.Y - p0.Y),
            Time = p0.Time + a * (p1.Time - p0.Time),
            Speed = p0.Speed + a * (p1.Speed - p0.Speed),
            Acceleration = p0.Acceleration + a * (p1.Acceleration - p0.Acceleration),
            Param = p0.Param + a * (p1.Param - p0.Param),
        };
        r.Heading = Blend == HeadingBlend.Linear
            ? Angles.WrapPi(p0.Heading + a * Angles.WrapPi(p1.Heading - p0.Heading))
            : CornerHeading(i, local, length);
        return r;
    }

    private double CornerHeading(int i, double local, double length)
    {
        double current = _v[i].Heading;
        double radius = Math.Min(CornerRadius, length / 2);
        if (local < radius)
        {
            if (i == 0)
            {
                return current;
            }
            double w = (radius + local) / (2 * radius);
            return Angles.WrapPi(_v[i - 1].Heading + w * Angles.WrapPi(current - _v[i - 1].Heading));
        }
        if (local > length - radius)
        {
            double w = (radius + (length - local)) / (2 * radius);
            // Inner corners meet the next segment half way; the final one turns fully to the end heading.
            double share = i == _v.Length - 2 ? 2 * (1 - w) : 1 - w;
            return Angles.WrapPi(current + share * Angles.WrapPi(_v[i + 1].Heading - current));
        }
        return current;
    }

    /// <summary>Distance along the polyline at sample time <paramref name="time"/> (linear in time between samples; clamped).</summary>
    public double DistanceAtTime(double time, ref int hint)
    {
        int n = _v.Length;
        if (time <= _v[0].Time)
        {
            return _v[0].S;
        }
        if (time >= _v[n - 1].Time)
        {
            return _v[n - 1].S;
        }
        int i = Math.Clamp(hint, 0, n - 2);
        while (i < n - 2 && time > _v[i + 1].Time)
        {
            i++;
        }
        while (i > 0 && time < _v[i].Time)
        {
            i--;
        }
        hint = i;
        double span = _v[i + 1].Time - _v[i].Time;
        double w = span > 0 ? (time - _v[i].Time) / span : 1;
        return _v[i].S + w * (_v[i + 1].S - _v[i].S);
    }
}
