using SimCore.Diagnostics;
using SimCore.Mathematics;
using SimCore.Roads;
using SimCore.Scenarios;

namespace SimCore.Trajectories;

/// <summary>
/// One segment of a ClothoidSpline (OpenSCENARIO 1.3): curvature from start to end over a length,
/// starting at its own position (plus a heading offset), else where the previous segment ended.
/// </summary>
internal sealed record ClothoidSplineSegment(PositionSpec? Start, double CurvatureStart, double CurvatureEnd, double Length, double HeadingOffset, double? TimeStart);

/// <summary>
/// OpenSCENARIO 1.3 ClothoidSpline: clothoid segments end to end. The first segment without a
/// start position begins at the entity's pose. A segment that has a start position is reached from
/// the previous one's end in a straight jump of the samples (a discontinuous spline). Evaluated, as
/// esmini does, on samples every metre of the whole length with position and heading interpolated
/// linearly; the last sample lies at the whole metre below the total length, so the final part of a
/// spline whose length is no whole number is crossed faster and then held until its length is
/// covered. Timed: each segment from its timeStart to the next one's (the last to timeEnd) at constant speed.
/// </summary>
internal sealed record ClothoidSplineShape(SourceLocation Where, IReadOnlyList<ClothoidSplineSegment> Segments, double? TimeEnd) : TrajectoryShape(Where)
{
    private const double StepLength = 1.0;
    private const double Small = 1e-10;

    public override bool IsTimed => TimeEnd is not null && Segments.All(s => s.TimeStart is not null);

    public override Trajectory? Freeze(FreezeContext context, out string? error)
    {
        error = null;
        var spirals = new SpiralSegment[Segments.Count];
        Pose2 end = default;
        for (int i = 0; i < Segments.Count; i++)
        {
            ClothoidSplineSegment seg = Segments[i];
            Pose2 start;
            if (seg.Start is not null)
            {
                if (!seg.Start.TryResolve(context.World, out ResolvedPosition p, out error))
                {
                    error = $"clothoid spline segment {i + 1}: {error}";
                    return null;
                }
                start = new Pose2(p.X, p.Y, p.Heading);
            }
            else if (i > 0)
            {
                start = end;
            }
            else if (context.Entity is { } follower)
            {
                start = new Pose2(follower.State.X, follower.State.Y, follower.State.Heading);
            }
            else
            {
                error = "the clothoid spline's first segment has no start position and no entity follows it";
                return null;
            }
            spirals[i] = new SpiralSegment(0, start.X, start.Y, start.Heading + seg.HeadingOffset, seg.Length, seg.CurvatureStart, seg.CurvatureEnd);
            ReferencePoint e = spirals[i].Evaluate(seg.Length);
            end = new Pose2(e.X, e.Y, e.Heading);
        }
        double total = Segments.Sum(s => s.Length);
        int steps = (int)(total / StepLength);
        var samples = new TrajectoryPoint[steps + 1];
        int j = 0;
        double before = 0;
        for (int i = 0; i <= steps; i++)
        {
            ReferencePoint r;
            if (i < steps)
            {
                while (j < spirals.Length - 1 && i * StepLength > before + Segments[j].Length - Small)
                {
                    before += Segments[j].Length;
                    j++;
                }
                r = spirals[j].Evaluate(i * StepLength - before);
            }
            else
            {
                r = spirals[^1].Evaluate(Segments[^1].Length);
            }
            samples[i] = new TrajectoryPoint { S = i * StepLength, X = r.X, Y = r.Y, Heading = r.Heading };
        }
        double t0 = Segments[0].TimeStart ?? 0;
        return new Frozen(this, new TrajectoryPolyline(samples, HeadingBlend.Linear), total, t0, (TimeEnd ?? t0) - t0);
    }

    private sealed class Frozen(ClothoidSplineShape shape, TrajectoryPolyline samples, double length, double startTime, double duration)
        : Trajectory(samples, startTime, duration)
    {
        private int _hint;

        public override double Length => length;

        public override TrajectoryPoint At(double s)
        {
            TrajectoryPoint p = Samples.Evaluate(Math.Clamp(s, 0, length), ref _hint);
            p.S = Math.Clamp(s, 0, length);
            return p;
        }

        public override double DistanceAtTime(double time)
        {
            IReadOnlyList<ClothoidSplineSegment> segs = shape.Segments;
            double end = StartTime + Duration;
            if (time < StartTime || time > end)
            {
                return time < StartTime ? 0 : length;
            }
            double s = 0;
            int i = 0;
            while (i < segs.Count - 1 && time > segs[i + 1].TimeStart!.Value - Small)
            {
                s += segs[i].Length;
                i++;
            }
            double segEnd = i == segs.Count - 1 ? end : segs[i + 1].TimeStart!.Value;
            double span = segEnd - segs[i].TimeStart!.Value;
            return s + (span > 0 ? (time - segs[i].TimeStart!.Value) / span : 1) * segs[i].Length;
        }
    }
}
