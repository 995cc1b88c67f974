using SimCore.Mathematics;
using SimCore.Roads;

namespace SimCore.Traffic;

/// <summary>One road of a route, driven along s (<see cref="Direction"/> +1) or against it, from <see cref="From"/> to <see cref="To"/>.</summary>
internal readonly record struct RouteLeg(Road Road, int Direction, double From, double To)
{
    public double Length => Math.Abs(To - From);
}

/// <summary>
/// A route laid out on the roads: the legs from its first waypoint through every other, the last
/// one running on to the end of the final waypoint's road (as esmini's routes do). Distances
/// along it (pathS) start at the first waypoint.
/// </summary>
internal sealed class RoutePath
{
    private readonly RouteLeg[] _legs;
    private readonly double[] _starts;

    public RoutePath(IReadOnlyList<RouteLeg> legs)
    {
        if (legs.Count == 0)
        {
            throw new ArgumentException("a route path needs at least one leg", nameof(legs));
        }
        _legs = legs.ToArray();
        _starts = new double[_legs.Length + 1];
        for (int i = 0; i < _legs.Length; i++)
        {
            _starts[i + 1] = _starts[i] + _legs[i].Length;
        }
    }

    public IReadOnlyList<RouteLeg> Legs => _legs;

    public double Length => _starts[^1];

    /// <summary>The leg, road coordinate s and travel heading at distance <paramref name="pathS"/> along the route; false beyond either end.</summary>
    public bool TryLocate(double pathS, out RouteLeg leg, out double s, out double heading)
    {
        leg = default;
        s = 0;
        heading = 0;
        if (pathS < -1e-9 || pathS > Length + 1e-9)
        {
            return false;
        }
        int i = 0;
        while (i < _legs.Length - 1 && pathS > _starts[i + 1])
        {
            i++;
        }
        leg = _legs[i];
        s = Math.Clamp(leg.From + leg.Direction * (pathS - _starts[i]), 0, leg.Road.Length);
        double h = leg.Road.ReferenceLine.Evaluate(s).Heading;
        heading = leg.Direction > 0 ? h : Angles.WrapPi(h + Math.PI);
        return true;
    }

    /// <summary>Distance along the route of road coordinate <paramref name="s"/> on <paramref name="road"/>; null when that road is not on it.</summary>
    public double? PathS(Road road, double s)
    {
        for (int i = 0; i < _legs.Length; i++)
        {
            RouteLeg l = _legs[i];
            if (ReferenceEquals(l.Road, road))
            {
                double lo = Math.Min(l.From, l.To), hi = Math.Max(l.From, l.To);
                if (s >= lo - 1e-6 && s <= hi + 1e-6)
                {
                    return _starts[i] + Math.Abs(s - l.From);
                }
            }
        }
        return null;
    }

    /// <summary>The road the route takes after <paramref name="road"/> (its first leg on that road), or null.</summary>
    public Road? After(Road road)
    {
        for (int i = 0; i < _legs.Length - 1; i++)
        {
            if (ReferenceEquals(_legs[i].Road, road))
            {
                return _legs[i + 1].Road;
            }
        }
        return null;
    }
}
