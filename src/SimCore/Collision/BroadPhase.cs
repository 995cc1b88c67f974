using System.Runtime.InteropServices;

namespace SimCore.Collision;

/// <summary>
/// Sweep-and-prune broad phase over the x extents of the boxes' axis-aligned bounds. An instance
/// keeps its work buffers between calls, so once it has seen the largest input (and the output
/// list has grown to the largest result) a call allocates nothing. Not thread-safe: use one
/// instance per thread.
/// </summary>
public sealed class BroadPhase
{
    private Interval[] _intervals;

    /// <summary>Creates a broad phase with buffers sized for <paramref name="initialCapacity"/> boxes.</summary>
    /// <param name="initialCapacity">Number of boxes to size the buffers for up front.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialCapacity"/> is negative.</exception>
    public BroadPhase(int initialCapacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        _intervals = new Interval[initialCapacity];
    }

    /// <summary>
    /// Finds every pair of boxes whose axis-aligned bounds, each inflated by
    /// <paramref name="margin"/> on all sides, overlap or touch. Pairs are written as
    /// (A, B) with A &lt; B, sorted by A then B; the result depends only on the inputs.
    /// </summary>
    /// <param name="boxes">Boxes to test; pair indices refer to positions in this span.</param>
    /// <param name="pairsOut">Cleared, then filled with the candidate pairs.</param>
    /// <param name="margin">Non-negative inflation applied to each box's bounds, metres; boxes whose bounds are up to 2×margin apart are reported.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pairsOut"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="margin"/> is negative or NaN.</exception>
    public void FindOverlappingPairs(ReadOnlySpan<OrientedBox> boxes, List<(int A, int B)> pairsOut, double margin = 0)
        => FindOverlappingPairs(boxes, default, pairsOut, margin);

    /// <summary>
    /// As the public overload; <paramref name="forwards"/>, when not empty, holds each box's
    /// <see cref="OrientedBox.Forward"/> (the same bounds, one sincos fewer per box).
    /// </summary>
    internal void FindOverlappingPairs(ReadOnlySpan<OrientedBox> boxes, ReadOnlySpan<Mathematics.Vec2> forwards, List<(int A, int B)> pairsOut, double margin = 0)
    {
        ArgumentNullException.ThrowIfNull(pairsOut);
        if (!(margin >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(margin), margin, "Margin must be non-negative.");
        }

        pairsOut.Clear();
        int n = boxes.Length;
        if (_intervals.Length < n)
        {
            _intervals = new Interval[Math.Max(n, 2 * _intervals.Length)];
        }

        Span<Interval> intervals = _intervals.AsSpan(0, n);
        for (int i = 0; i < n; i++)
        {
            (var min, var max) = forwards.IsEmpty ? boxes[i].Bounds : boxes[i].BoundsAlong(forwards[i]);
            intervals[i] = new Interval(min.X - margin, max.X + margin, min.Y - margin, max.Y + margin, i);
        }

        // The comparer orders by MinX then index, a total order, so the sorted layout (and thus the
        // sweep) is unique even though the sort itself is unstable.
        intervals.Sort();

        for (int i = 0; i < n; i++)
        {
            ref readonly Interval a = ref intervals[i];
            // Everything after j starts even further right, so the sweep for a stops at the first miss.
            for (int j = i + 1; j < n && intervals[j].MinX <= a.MaxX; j++)
            {
                ref readonly Interval b = ref intervals[j];
                if (a.MinY <= b.MaxY && b.MinY <= a.MaxY)
                {
                    pairsOut.Add(a.Index < b.Index ? (a.Index, b.Index) : (b.Index, a.Index));
                }
            }
        }

        // Emission order follows the x sweep; callers get a canonical order instead.
        CollectionsMarshal.AsSpan(pairsOut).Sort();
    }

    /// <summary>Inflated bounds of one box plus its input index; sorts by MinX, ties by index.</summary>
    private readonly record struct Interval(double MinX, double MaxX, double MinY, double MaxY, int Index)
        : IComparable<Interval>
    {
        public int CompareTo(Interval other)
        {
            // double.CompareTo orders NaN first, keeping the order total for degenerate input.
            int c = MinX.CompareTo(other.MinX);
            return c != 0 ? c : Index.CompareTo(other.Index);
        }
    }
}
