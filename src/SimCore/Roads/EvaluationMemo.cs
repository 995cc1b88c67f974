namespace SimCore.Roads;

/// <summary>
/// The last few evaluations of curves that cost an arc-length inversion (poly3, paramPoly3) or a
/// quadrature (spiral), per thread. A step asks for the same point several times: an entity's
/// position when it moves, again for its curvature next step, again for the KPIs and the lead
/// search. A hit returns the very value the segment computed, so results are bit-identical with
/// or without it; per thread, so simulators on many threads never share an entry.
/// </summary>
internal static class EvaluationMemo
{
    private const int Size = 8; // two evaluations per moving entity in a step, and room to spare

    // One thread-static object: each thread-static access is a TLS lookup.
    [ThreadStatic]
    private static Entries? t_memo;

    public static ReferencePoint Evaluate(GeometrySegment segment, double ds)
    {
        Entries memo = t_memo ??= new Entries();
        Entry[] entries = memo.Items;
        long key = BitConverter.DoubleToInt64Bits(ds);
        for (int i = 0; i < entries.Length; i++)
        {
            ref Entry e = ref entries[i];
            if (e.Key == key && ReferenceEquals(e.Segment, segment))
            {
                return e.Point;
            }
        }
        ReferencePoint p = segment.Evaluate(ds);
        int k = memo.Next;
        entries[k] = new Entry(segment, key, p);
        memo.Next = (k + 1) & (Size - 1);
        return p;
    }

    private sealed class Entries
    {
        public readonly Entry[] Items = new Entry[Size];
        public int Next;
    }

    private readonly record struct Entry(GeometrySegment? Segment, long Key, ReferencePoint Point);
}
