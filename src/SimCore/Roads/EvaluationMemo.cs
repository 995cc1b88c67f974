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

    [ThreadStatic]
    private static Entry[]? t_entries;

    [ThreadStatic]
    private static int t_next;

    public static ReferencePoint Evaluate(GeometrySegment segment, double ds)
    {
        Entry[] entries = t_entries ??= new Entry[Size];
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
        int k = t_next;
        entries[k] = new Entry(segment, key, p);
        t_next = (k + 1) & (Size - 1);
        return p;
    }

    private readonly record struct Entry(GeometrySegment? Segment, long Key, ReferencePoint Point);
}
