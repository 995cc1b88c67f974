namespace SimCore.Roads;

/// <summary>
/// Points of a reference line at most a metre and 0.1 rad of heading apart, with a bounding box per
/// chunk of <see cref="ChunkSize"/>: where <see cref="ReferenceLine.TryProject"/> starts its search.
/// </summary>
internal sealed class ReferenceLineSamples
{
    public const int ChunkSize = 16;

    private readonly double[] _chunkMinX, _chunkMinY, _chunkMaxX, _chunkMaxY;

    /// <summary>Samples <paramref name="line"/> at <paramref name="count"/> points (as its segments' sample counts add up).</summary>
    public ReferenceLineSamples(ReferenceLine line, int count)
    {
        S = new double[count];
        X = new double[count];
        Y = new double[count];
        int n = 0;
        void Add(double at)
        {
            ReferencePoint rp = line.Evaluate(at);
            S[n] = at;
            X[n] = rp.X;
            Y[n] = rp.Y;
            n++;
        }
        Add(0);
        foreach (GeometrySegment seg in line.Segments)
        {
            if (seg.Length <= 0)
            {
                continue;
            }
            int segmentSamples = (int)ReferenceLine.SampleCount(seg);
            double step = seg.Length / segmentSamples;
            MaxSpacing = Math.Max(MaxSpacing, step);
            double start = seg.S;
            for (int k = 1; k <= segmentSamples; k++)
            {
                Add(k == segmentSamples ? Math.Min(line.Length, start + seg.Length) : start + k * step);
            }
        }
        Chunks = (count + ChunkSize - 1) / ChunkSize;
        _chunkMinX = new double[Chunks];
        _chunkMinY = new double[Chunks];
        _chunkMaxX = new double[Chunks];
        _chunkMaxY = new double[Chunks];
        for (int c = 0; c < Chunks; c++)
        {
            int end = Math.Min(count, (c + 1) * ChunkSize);
            double minX = double.PositiveInfinity, minY = double.PositiveInfinity;
            double maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
            for (int i = c * ChunkSize; i < end; i++)
            {
                minX = Math.Min(minX, X[i]);
                maxX = Math.Max(maxX, X[i]);
                minY = Math.Min(minY, Y[i]);
                maxY = Math.Max(maxY, Y[i]);
            }
            _chunkMinX[c] = minX;
            _chunkMinY[c] = minY;
            _chunkMaxX[c] = maxX;
            _chunkMaxY[c] = maxY;
        }
    }

    /// <summary>Road coordinate of each sample.</summary>
    public double[] S { get; }

    /// <summary>World x of each sample.</summary>
    public double[] X { get; }

    /// <summary>World y of each sample.</summary>
    public double[] Y { get; }

    /// <summary>The largest distance in s between neighbouring samples.</summary>
    public double MaxSpacing { get; }

    /// <summary>Chunks of <see cref="ChunkSize"/> samples (the last may hold fewer).</summary>
    public int Chunks { get; }

    /// <summary>Squared distance from sample <paramref name="i"/> to the point.</summary>
    public double Distance2(int i, double px, double py)
    {
        double dx = X[i] - px, dy = Y[i] - py;
        return dx * dx + dy * dy;
    }

    /// <summary>Squared distance from chunk <paramref name="c"/>'s bounding box to the point (0 inside).</summary>
    public double BoxDistance2(int c, double px, double py)
    {
        double dx = Math.Max(0, Math.Max(_chunkMinX[c] - px, px - _chunkMaxX[c]));
        double dy = Math.Max(0, Math.Max(_chunkMinY[c] - py, py - _chunkMaxY[c]));
        return dx * dx + dy * dy;
    }
}
