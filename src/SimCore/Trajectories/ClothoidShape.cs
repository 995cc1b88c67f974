using SimCore.Diagnostics;
using SimCore.Roads;
using SimCore.Scenarios;

namespace SimCore.Trajectories;

/// <summary>
/// OpenSCENARIO Clothoid: from a start pose, curvature changing linearly with distance
/// (curvaturePrime) over a length; poses are exact. Timed from startTime to stopTime at constant speed.
/// </summary>
internal sealed record ClothoidShape(SourceLocation Where, PositionSpec Start, double Curvature, double CurvaturePrime, double Length, double? StartTime, double? StopTime)
    : TrajectoryShape(Where)
{
    public override bool IsTimed => StartTime is not null && StopTime is not null;

    public override Trajectory? Freeze(FreezeContext context, out string? error)
    {
        if (!Start.TryResolve(context.World, out ResolvedPosition p, out error))
        {
            error = $"clothoid start: {error}";
            return null;
        }
        var spiral = new SpiralSegment(0, p.X, p.Y, p.Heading, Length, Curvature, Curvature + CurvaturePrime * Length);
        double t0 = StartTime ?? 0, t1 = StopTime ?? 0;
        var ends = new TrajectoryPoint[]
        {
            Point(spiral, 0, t0),
            Point(spiral, Length, t1),
        };
        return new Frozen(spiral, new TrajectoryPolyline(ends, HeadingBlend.Linear), t0, t1 - t0);
    }

    private static TrajectoryPoint Point(SpiralSegment spiral, double s, double time)
    {
        ReferencePoint r = spiral.Evaluate(s);
        return new TrajectoryPoint { S = s, X = r.X, Y = r.Y, Heading = r.Heading, Time = time };
    }

    private sealed class Frozen(SpiralSegment spiral, TrajectoryPolyline ends, double startTime, double duration) : Trajectory(ends, startTime, duration)
    {
        public override TrajectoryPoint At(double s)
        {
            s = Math.Clamp(s, 0, Length);
            TrajectoryPoint p = Point(spiral, s, 0);
            p.Time = StartTime + (Length > 0 ? s / Length : 1) * Duration;
            return p;
        }

        public override double DistanceAtTime(double time)
        {
            if (time < StartTime || time > StartTime + Duration || Duration <= 0)
            {
                return time < StartTime ? 0 : Length;
            }
            return Length * (time - StartTime) / Duration;
        }
    }
}
