using SimCore.Diagnostics;
using SimCore.Mathematics;
using SimCore.Scenarios;

namespace SimCore.Trajectories;

/// <summary>A NURBS control point: position, weight and (for timed following) trajectory time.</summary>
internal sealed record NurbsControlPoint(PositionSpec Position, double Weight, double? Time);

/// <summary>
/// OpenSCENARIO Nurbs: a rational B-spline of the given order (degree + 1) over a knot vector of
/// (control points + order) non-decreasing values. Sampled about every metre for distances; positions
/// are evaluated on the curve itself at the interpolated curve parameter. The heading is the curve's
/// tangent at the samples, blended linearly between them, or, where the control points give
/// headings, their weighted blend. Each control
/// point's time is reached where its basis function peaks (esmini's reading; the standard does not
/// say how times map onto the curve).
/// </summary>
internal sealed record NurbsShape(SourceLocation Where, int Order, IReadOnlyList<NurbsControlPoint> ControlPoints, IReadOnlyList<double> Knots)
    : TrajectoryShape(Where)
{
    private const double StepLength = 1.0;
    private const double Small = 1e-10;

    public override bool IsTimed => ControlPoints.All(c => c.Time is not null);

    /// <summary>The reason the definition cannot form a curve, or null.</summary>
    public string? Problem()
    {
        if (Order < 1)
        {
            return "a NURBS order must be at least 1";
        }
        if (ControlPoints.Count < Order)
        {
            return $"a NURBS of order {Order} needs at least {Order} control points, not {ControlPoints.Count}";
        }
        if (Knots.Count != ControlPoints.Count + Order)
        {
            return $"a NURBS with {ControlPoints.Count} control points of order {Order} needs {ControlPoints.Count + Order} knots, not {Knots.Count}";
        }
        for (int i = 1; i < Knots.Count; i++)
        {
            if (Knots[i] < Knots[i - 1])
            {
                return "NURBS knots must not decrease";
            }
        }
        if (!(Knots[^1] > Knots[0]))
        {
            return "NURBS knots must span a range (the last greater than the first)";
        }
        return ControlPoints.Any(c => !(c.Weight > 0)) ? "NURBS weights must be positive" : null;
    }

    public override Trajectory? Freeze(FreezeContext context, out string? error)
    {
        error = Problem();
        if (error is not null)
        {
            return null;
        }
        int n = ControlPoints.Count;
        var pts = new Vec2[n];
        var heads = new double[n];
        bool headings = true;
        double approx = 0;
        for (int i = 0; i < n; i++)
        {
            if (!ControlPoints[i].Position.TryResolve(context.World, out ResolvedPosition r, out error))
            {
                error = $"NURBS control point {i + 1}: {error}";
                return null;
            }
            pts[i] = new Vec2(r.X, r.Y);
            heads[i] = r.Heading;
            headings &= ControlPoints[i].Position.GivesHeading;
            if (i > 0)
            {
                approx += (pts[i] - pts[i - 1]).Length;
            }
        }
        if (approx <= 0)
        {
            error = "the NURBS control points all coincide";
            return null;
        }
        var curve = new Curve(Order, pts, ControlPoints.Select(c => c.Weight).ToArray(), Knots.ToArray(), headings ? heads : null);
        double tMin = Knots[0], tMax = Knots[^1];
        int steps = (int)(1 + approx / StepLength);
        var samples = new TrajectoryPoint[steps + 1];
        double[] peakT = new double[n], peakValue = new double[n];
        var basis = new double[n];
        for (int i = 0; i <= steps; i++)
        {
            double t = tMin + (tMax - tMin) * i / steps;
            Vec2 p = curve.Point(t, basis);
            for (int k = 0; k < n; k++)
            {
                if (basis[k] > peakValue[k])
                {
                    peakValue[k] = basis[k];
                    peakT[k] = t;
                }
            }
            // The tangent by a small step ahead (back from the end), as esmini samples it; the
            // first sample takes the second's.
            double d = Math.Min(1e-3, (tMax - tMin) / steps);
            Vec2 q = curve.Point(i < steps ? Math.Min(t + d, tMax) : Math.Max(t - d, tMin), basis);
            samples[i] = new TrajectoryPoint
            {
                X = p.X,
                Y = p.Y,
                Heading = curve.GivenHeading(t, basis) ?? (i < steps ? Math.Atan2(q.Y - p.Y, q.X - p.X) : Math.Atan2(p.Y - q.Y, p.X - q.X)),
                Param = t,
                S = i == 0 ? 0 : samples[i - 1].S + (p - new Vec2(samples[i - 1].X, samples[i - 1].Y)).Length,
            };
        }
        if (!headings && steps > 0)
        {
            samples[0].Heading = samples[1].Heading;
        }
        if (IsTimed)
        {
            // Times run linearly in the curve parameter between the peaks of consecutive control points.
            int c = 0;
            for (int i = 0; i <= steps; i++)
            {
                while (c < n - 2 && samples[i].Param >= peakT[c + 1])
                {
                    c++;
                }
                double span = peakT[c + 1] - peakT[c];
                double w = span > 0 ? (samples[i].Param - peakT[c]) / span : 1;
                double t0 = ControlPoints[c].Time!.Value, t1 = ControlPoints[Math.Min(c + 1, n - 1)].Time!.Value;
                samples[i].Time = t0 + Math.Clamp(w, 0, 1) * (t1 - t0);
            }
        }
        double start = ControlPoints[0].Time ?? 0;
        return new Frozen(curve, n, new TrajectoryPolyline(samples, HeadingBlend.Linear), start, (ControlPoints[^1].Time ?? start) - start);
    }

    /// <summary>The rational B-spline itself (Cox-de Boor recursion).</summary>
    private sealed class Curve(int order, Vec2[] points, double[] weights, double[] knots, double[]? headings)
    {
        public Vec2 Point(double t, double[] basis)
        {
            t = Math.Clamp(t, knots[0], knots[^1] - Small);
            double sum = 0;
            for (int i = 0; i < points.Length; i++)
            {
                basis[i] = Basis(t, i, order);
                sum += basis[i] * weights[i];
            }
            double x = 0, y = 0;
            for (int i = 0; i < points.Length; i++)
            {
                double w = basis[i] * weights[i] / sum;
                x += w * points[i].X;
                y += w * points[i].Y;
            }
            return new Vec2(x, y);
        }

        /// <summary>Where the control points give headings: their blend with the curve's weights (angle-aware); else null.</summary>
        public double? GivenHeading(double t, double[] basis)
        {
            if (headings is null)
            {
                return null;
            }
            Point(t, basis);
            double sum = 0, h = 0;
            for (int i = 0; i < points.Length; i++)
            {
                sum += basis[i] * weights[i];
            }
            for (int i = 0; i < points.Length; i++)
            {
                h += basis[i] * weights[i] / sum * Angles.WrapPi(headings[i] - h);
            }
            return Angles.WrapPi(h);
        }

        private double Basis(double x, int i, int k)
        {
            if (k == 1)
            {
                return knots[i] <= x && x < knots[i + 1] ? 1.0 : 0.0;
            }
            double d1 = knots[i + k - 1] - knots[i], d2 = knots[i + k] - knots[i + 1];
            double e1 = d1 > 0 ? (x - knots[i]) / d1 * Basis(x, i, k - 1) : 0;
            double e2 = d2 > 0 ? (knots[i + k] - x) / d2 * Basis(x, i + 1, k - 1) : 0;
            return e1 + e2;
        }
    }

    private sealed class Frozen(Curve curve, int points, TrajectoryPolyline samples, double startTime, double duration) : Trajectory(samples, startTime, duration)
    {
        private readonly double[] _basis = new double[points];
        private int _hint;

        public override TrajectoryPoint At(double s)
        {
            TrajectoryPoint p = Samples.Evaluate(Math.Clamp(s, 0, Length), ref _hint);
            Vec2 exact = curve.Point(p.Param, _basis);
            p.X = exact.X;
            p.Y = exact.Y;
            // The tangent blends linearly between samples; headings the control points give are exact.
            p.Heading = curve.GivenHeading(p.Param, _basis) ?? p.Heading;
            return p;
        }
    }
}
