using SimCore.Diagnostics;
using SimCore.Scenarios;

namespace SimCore.Trajectories;

/// <summary>A polyline vertex: a position and, for timed following, its trajectory time.</summary>
internal sealed record PolylineVertex(PositionSpec Position, double? Time);

/// <summary>
/// OpenSCENARIO Polyline. A vertex whose position gives a heading (an explicit h) keeps it;
/// the others take the heading of the segment leaving them (the last one, of the segment
/// reaching it). Timed: between vertices the entity moves at constant speed ('position'), or with
/// constant acceleration from its speed at the start ('follow'; esmini's reading), stopping early
/// where slowing down to the next vertex would need a negative speed. A closed polyline returns to
/// its first vertex.
/// </summary>
internal sealed record PolylineShape(SourceLocation Where, IReadOnlyList<PolylineVertex> Vertices, bool Closed) : TrajectoryShape(Where)
{
    private const double Small = 1e-10;

    public override bool IsTimed => Vertices.All(v => v.Time is not null);

    public override Trajectory? Freeze(FreezeContext context, out string? error)
    {
        error = null;
        int n = Vertices.Count + (Closed ? 1 : 0);
        var v = new TrajectoryPoint[n];
        var given = new bool[n];
        for (int i = 0; i < Vertices.Count; i++)
        {
            PositionSpec p = Vertices[i].Position;
            if (!p.TryResolve(context.World, out ResolvedPosition r, out error))
            {
                error = $"trajectory vertex {i + 1}: {error}";
                return null;
            }
            v[i] = new TrajectoryPoint { X = r.X, Y = r.Y, Heading = r.Heading, Time = Vertices[i].Time ?? 0 };
            given[i] = p.GivesHeading;
        }
        if (Closed)
        {
            v[n - 1] = v[0];
            given[n - 1] = given[0];
            v[n - 1].Time = Vertices[^1].Time ?? 0;
        }
        for (int i = 1; i < n; i++)
        {
            double dx = v[i].X - v[i - 1].X, dy = v[i].Y - v[i - 1].Y;
            double d = Math.Sqrt(dx * dx + dy * dy);
            v[i].S = v[i - 1].S + d;
            double segment = d < Small ? v[i - 1].Heading : Math.Atan2(dy, dx);
            if (!given[i])
            {
                v[i].Heading = segment;
            }
            if (!given[i - 1])
            {
                v[i - 1].Heading = segment;
            }
        }
        if (IsTimed)
        {
            Timing(v, context.Follow, context.Entity?.Speed ?? 0);
        }
        var samples = new TrajectoryPolyline(v, context.Follow ? HeadingBlend.Linear : HeadingBlend.Corners);
        return new Frozen(samples, v[0].Time, v[^1].Time - v[0].Time);
    }

    private static void Timing(TrajectoryPoint[] v, bool follow, double speed)
    {
        v[0].Speed = speed;
        for (int i = 1; i < v.Length; i++)
        {
            double ds = v[i].S - v[i - 1].S;
            double dt = v[i].Time - v[i - 1].Time;
            if (follow)
            {
                double acc = 0;
                if (Math.Abs(ds) > Small && dt > Small)
                {
                    acc = 2 * (ds - speed * dt) / (dt * dt);
                    if (Sign(speed + acc * dt) != Sign(speed))
                    {
                        // Too much time to slow down evenly: stop at the vertex early.
                        acc = -speed * speed / (2 * ds);
                        speed = 0;
                    }
                    else
                    {
                        speed += acc * dt;
                    }
                }
                else if (Math.Abs(ds) <= Small)
                {
                    speed = 0;
                }
                v[i - 1].Acceleration = acc;
            }
            else
            {
                speed = dt > Small ? ds / dt : 0;
                v[i - 1].Speed = speed;
            }
            v[i].Speed = speed;
        }
    }

    private static int Sign(double x) => x < 0 ? -1 : 1;

    private sealed class Frozen(TrajectoryPolyline samples, double startTime, double duration) : Trajectory(samples, startTime, duration)
    {
        public override double DistanceAtTime(double time)
        {
            TrajectoryPolyline p = Samples;
            int n = p.Count;
            if (time > p[n - 1].Time)
            {
                return Length;
            }
            int i = 0;
            while (i < n - 1 && p[i + 1].Time < time)
            {
                i++;
            }
            ref readonly TrajectoryPoint v = ref p[i];
            double dt = time - v.Time;
            if (v.Acceleration < 0)
            {
                dt = Math.Min(dt, -v.Speed / v.Acceleration);
            }
            return Math.Max(0, v.S + dt * v.Speed + 0.5 * v.Acceleration * dt * dt);
        }
    }
}
