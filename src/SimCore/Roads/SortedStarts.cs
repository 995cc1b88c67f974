namespace SimCore.Roads;

/// <summary>Lookup in the ascending start positions of OpenDRIVE records (segments, sections, polynomials).</summary>
internal static class SortedStarts
{
    /// <summary>Index of the last start at or before <paramref name="s"/>; 0 when s lies before the first.</summary>
    public static int IndexAtOrBefore(double[] starts, double s)
    {
        int lo = 0, hi = starts.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (starts[mid] <= s)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
