using SimCore.Mathematics;

namespace SimCore.Roads;

/// <summary>
/// A road's reference line (OpenDRIVE <c>&lt;planView&gt;</c>): geometry segments contiguous in s,
/// starting at s = 0.
/// </summary>
public sealed class ReferenceLine
{
    /// <summary>Largest allowed gap or overlap in s between consecutive segments, metres.</summary>
    /// <remarks>Files written with few digits round s and length independently.</remarks>
    public const double ContinuityTolerance = 1e-3;

    private const double MaxSampleSpacing = 1.0;  // metres
    private const double MaxSampleTurn = 0.1;     // radians of heading per sample interval

    /// <summary>The most samples a reference line may need (2 million: 2,000 km of straight road).</summary>
    internal const int MaxSamples = 2_000_000;

    private readonly GeometrySegment[] _segments;
    private readonly double[] _starts;
    private readonly int _sampleCount;
    private ReferenceLineSamples? _samples;

    /// <summary>Creates a reference line; segments must be ordered and contiguous in s, the first at s = 0.</summary>
    /// <exception cref="ArgumentException">No segments, or a gap/overlap larger than <see cref="ContinuityTolerance"/>.</exception>
    public ReferenceLine(IReadOnlyList<GeometrySegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Count == 0)
        {
            throw new ArgumentException("a reference line needs at least one geometry segment", nameof(segments));
        }
        _segments = new GeometrySegment[segments.Count];
        _starts = new double[segments.Count];
        double expected = 0;
        for (int i = 0; i < segments.Count; i++)
        {
            GeometrySegment seg = segments[i] ?? throw new ArgumentException($"geometry segment {i} is null", nameof(segments));
            if (Math.Abs(seg.S - expected) > ContinuityTolerance)
            {
                throw new ArgumentException(
                    i == 0
                        ? $"the first geometry must start at s=0, found s={seg.S}"
                        : $"geometry {i} starts at s={seg.S} but geometry {i - 1} ends at s={expected} (gap {seg.S - expected:G4} m exceeds {ContinuityTolerance} m)",
                    nameof(segments));
            }
            _segments[i] = seg;
            _starts[i] = seg.S;
            expected = seg.S + seg.Length;
        }
        Length = expected;

        ReferencePoint first = Evaluate(0), last = Evaluate(Length);
        IsClosed = Length > 0
            && Math.Abs(first.X - last.X) < 1e-6 && Math.Abs(first.Y - last.Y) < 1e-6
            && Math.Abs(Angles.WrapPi(first.Heading - last.Heading)) < 1e-6;

        _sampleCount = CountSamples();
    }

    /// <summary>
    /// The samples projection starts from, built on the first projection rather than with the line:
    /// lane-bound entities never project a point, and loading a scenario need not pay for them.
    /// Any thread may build them; all build the same values, and one set is kept.
    /// </summary>
    private ReferenceLineSamples Samples
    {
        get
        {
            ReferenceLineSamples? samples = Volatile.Read(ref _samples);
            if (samples is null)
            {
                samples = new ReferenceLineSamples(this, _sampleCount);
                samples = Interlocked.CompareExchange(ref _samples, samples, null) ?? samples;
            }
            return samples;
        }
    }

    /// <summary>The geometry segments in order of s.</summary>
    public IReadOnlyList<GeometrySegment> Segments => _segments;

    /// <summary>Total length, metres (end s of the last segment).</summary>
    public double Length { get; }

    /// <summary>True when the end pose coincides with the start pose (a ring road).</summary>
    public bool IsClosed { get; }

    /// <summary>Evaluates the line at road coordinate <paramref name="s"/>, clamped to [0, <see cref="Length"/>].</summary>
    public ReferencePoint Evaluate(double s)
    {
        if (!(s > 0))
        {
            s = 0; // also maps NaN to the start rather than propagating it into a binary search
        }
        else if (s > Length)
        {
            s = Length;
        }
        GeometrySegment seg = _segments[SegmentIndex(s)];
        return seg.CostlyToEvaluate ? EvaluationMemo.Evaluate(seg, s - seg.S) : seg.Evaluate(s - seg.S);
    }

    /// <summary>
    /// Finds the globally nearest point of the line to <paramref name="point"/>.
    /// <paramref name="s"/> is its road coordinate and <paramref name="t"/> the signed lateral
    /// offset, positive to the left of the heading.
    /// </summary>
    /// <returns>
    /// False when the nearest point is an end of an open line and <paramref name="point"/> lies
    /// beyond that end (no perpendicular foot); <paramref name="s"/> is then clamped to that end
    /// and <paramref name="t"/> measured along its normal.
    /// </returns>
    public bool TryProject(Vec2 point, out double s, out double t)
    {
        double px = point.X, py = point.Y;
        ReferenceLineSamples samples = Samples;
        double[] sampleS = samples.S, sampleX = samples.X, sampleY = samples.Y;
        int n = sampleS.Length, chunks = samples.Chunks;
        const int ChunkSize = ReferenceLineSamples.ChunkSize;

        // Pass 1: nearest sample, skipping chunks whose box is farther than the best so far.
        double best2 = double.PositiveInfinity;
        for (int c = 0; c < chunks; c++)
        {
            if (samples.BoxDistance2(c, px, py) > best2)
            {
                continue;
            }
            int end = Math.Min(n, (c + 1) * ChunkSize);
            for (int i = c * ChunkSize; i < end; i++)
            {
                double dx = sampleX[i] - px, dy = sampleY[i] - py;
                double d2 = dx * dx + dy * dy;
                if (d2 < best2)
                {
                    best2 = d2;
                }
            }
        }

        // Pass 2: refine every sampled local minimum that could still hide a nearer true point.
        // Between samples the curve is within about half a spacing of a sample, hence the margin.
        double limit = Math.Sqrt(best2) + 2 * samples.MaxSpacing;
        double limit2 = limit * limit;
        double bestS = 0, bestT = 0, bestD2 = double.PositiveInfinity;
        bool bestInside = false;
        for (int c = 0; c < chunks; c++)
        {
            if (samples.BoxDistance2(c, px, py) > limit2)
            {
                continue;
            }
            int end = Math.Min(n, (c + 1) * ChunkSize);
            for (int i = c * ChunkSize; i < end; i++)
            {
                double d2 = samples.Distance2(i, px, py);
                if (d2 > limit2
                    || (i > 0 && samples.Distance2(i - 1, px, py) < d2)
                    || (i < n - 1 && samples.Distance2(i + 1, px, py) < d2))
                {
                    continue;
                }
                double lo = sampleS[Math.Max(0, i - 1)], hi = sampleS[Math.Min(n - 1, i + 1)];
                double cs = Refine(px, py, lo, hi, sampleS[i]);
                ReferencePoint rp = Evaluate(cs);
                (double sin, double cos) = Math.SinCos(rp.Heading);
                double dx = px - rp.X, dy = py - rp.Y;
                double along = dx * cos + dy * sin;
                bool inside = IsClosed
                    || (cs > 0 && cs < Length)
                    || (cs <= 0 && along >= -1e-6)
                    || (cs >= Length && along <= 1e-6);
                double cd2 = dx * dx + dy * dy;
                // Equal distances (a ring's seam, a point equidistant from two legs) keep the
                // first found, unless only the later one has a perpendicular foot.
                if (cd2 < bestD2 - 1e-12 || (cd2 <= bestD2 + 1e-12 && inside && !bestInside))
                {
                    bestD2 = cd2;
                    bestS = cs;
                    bestT = -dx * sin + dy * cos;
                    bestInside = inside;
                }
            }
        }
        s = bestS;
        t = bestT;
        return bestInside;
    }

    /// <summary>Index of the segment containing s (the last one starting at or before s).</summary>
    /// <summary>
    /// Largest absolute curvature of the segments overlapping [s0, s1] (a bound, per segment):
    /// what a driver looking ahead needs, at the cost of a few segment visits instead of samples.
    /// </summary>
    internal double MaxAbsCurvature(double s0, double s1)
    {
        if (s1 < s0)
        {
            (s0, s1) = (s1, s0);
        }
        int i = SegmentIndex(Math.Clamp(s0, 0, Length));
        int last = SegmentIndex(Math.Clamp(s1, 0, Length));
        double k = 0;
        for (; i <= last; i++)
        {
            k = Math.Max(k, _segments[i].MaxAbsCurvature);
        }
        return k;
    }

    internal int SegmentIndex(double s) => SortedStarts.IndexAtOrBefore(_starts, s);

    /// <summary>
    /// Minimises distance to (px, py) over s in [lo, hi], starting from s0: Newton on the
    /// tangential component, falling back to golden-section search where Newton is unsafe
    /// (near a centre of curvature, or when it leaves the bracket).
    /// </summary>
    private double Refine(double px, double py, double lo, double hi, double s0)
    {
        double s = s0;
        for (int iter = 0; iter < 30; iter++)
        {
            ReferencePoint rp = Evaluate(s);
            (double sin, double cos) = Math.SinCos(rp.Heading);
            double dx = px - rp.X, dy = py - rp.Y;
            double f = dx * cos + dy * sin;                     // -d(dist^2/2)/ds
            double fp = -1 + rp.Curvature * (-dx * sin + dy * cos);
            if (fp > -1e-3)
            {
                return Polish(px, py, Golden(px, py, lo, hi), lo, hi);
            }
            double next = s - f / fp;
            if (next < lo)
            {
                if (s == lo)
                {
                    return lo;
                }
                next = lo;
            }
            else if (next > hi)
            {
                if (s == hi)
                {
                    return hi;
                }
                next = hi;
            }
            if (Math.Abs(next - s) < 1e-11)
            {
                return next;
            }
            s = next;
        }
        return Polish(px, py, Golden(px, py, lo, hi), lo, hi);
    }

    private double Polish(double px, double py, double s, double lo, double hi)
    {
        // A few guarded Newton steps sharpen the golden-section result where Newton is well posed.
        for (int iter = 0; iter < 5; iter++)
        {
            ReferencePoint rp = Evaluate(s);
            (double sin, double cos) = Math.SinCos(rp.Heading);
            double dx = px - rp.X, dy = py - rp.Y;
            double f = dx * cos + dy * sin;
            double fp = -1 + rp.Curvature * (-dx * sin + dy * cos);
            if (fp > -1e-3)
            {
                return s;
            }
            double next = Math.Clamp(s - f / fp, lo, hi);
            if (Distance2(px, py, next) > Distance2(px, py, s))
            {
                return s;
            }
            if (Math.Abs(next - s) < 1e-11)
            {
                return next;
            }
            s = next;
        }
        return s;
    }

    private double Golden(double px, double py, double lo, double hi)
    {
        const double invPhi = 0.6180339887498949;
        double a = lo, b = hi;
        double c = b - invPhi * (b - a), d = a + invPhi * (b - a);
        double fc = Distance2(px, py, c), fd = Distance2(px, py, d);
        for (int iter = 0; iter < 80 && b - a > 1e-10; iter++)
        {
            if (fc < fd)
            {
                b = d;
                d = c;
                fd = fc;
                c = b - invPhi * (b - a);
                fc = Distance2(px, py, c);
            }
            else
            {
                a = c;
                c = d;
                fc = fd;
                d = a + invPhi * (b - a);
                fd = Distance2(px, py, d);
            }
        }
        double m = 0.5 * (a + b);
        // The bracket ends are candidates too (the minimum may sit at an end of the line).
        double fm = Distance2(px, py, m), flo = Distance2(px, py, lo), fhi = Distance2(px, py, hi);
        return flo < fm && flo <= fhi ? lo : fhi < fm ? hi : m;
    }

    private double Distance2(double px, double py, double s)
    {
        ReferencePoint rp = Evaluate(s);
        double dx = px - rp.X, dy = py - rp.Y;
        return dx * dx + dy * dy;
    }

    /// <summary>Counts the projection samples, before anything is allocated: a hostile length or curvature must fail here, not fill memory.</summary>
    private int CountSamples()
    {
        double total = 1;
        foreach (GeometrySegment seg in _segments)
        {
            total += seg.Length > 0 ? SampleCount(seg) : 0;
        }
        if (total > MaxSamples)
        {
            throw new ArgumentException($"the reference line ({Length:G6} m, curvature up to {_segments.Max(g => g.MaxAbsCurvature):G3} 1/m) needs {total:G3} samples of at most {MaxSampleSpacing} m or {MaxSampleTurn} rad; "
                + $"more than {MaxSamples} (a road of about {MaxSamples * MaxSampleSpacing / 1000:0} km) is not a road this simulator takes");
        }
        return (int)total;
    }

    /// <summary>Samples of a segment: at most <see cref="MaxSampleSpacing"/> apart and <see cref="MaxSampleTurn"/> of heading.</summary>
    internal static double SampleCount(GeometrySegment seg) => SamplesFor(seg.Length, seg.MaxAbsCurvature);

    /// <summary>Samples of <paramref name="length"/> m turning up to <paramref name="maxAbsCurvature"/> 1/m.</summary>
    internal static double SamplesFor(double length, double maxAbsCurvature)
    {
        double spacing = MaxSampleSpacing;
        if (maxAbsCurvature > 0)
        {
            spacing = Math.Min(spacing, MaxSampleTurn / maxAbsCurvature);
        }
        return Math.Max(2, Math.Ceiling(length / spacing));
    }
}
