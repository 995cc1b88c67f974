using System.Globalization;

namespace Sim.Runtime.Output;

/// <summary>
/// Formats a double with six decimals exactly as <c>ToString("F6", InvariantCulture)</c> does, without
/// the runtime's arbitrary-precision digit generation when one multiplication settles the answer:
/// that generation was a quarter of a short `sim run`'s CPU time (trajectories.csv writes eight
/// numbers per entity per step).
/// </summary>
internal static class FixedDecimal
{
    /// <summary>Characters <see cref="FormatF6"/> may need (the fallback covers the whole double range).</summary>
    public const int MaxChars = 350;

    // Below 2^50 a double's spacing is at most 1/4, so only the half-integer next to it can lie
    // within rounding distance of the exact product.
    private const double FastLimit = 1L << 50;

    /// <summary>Writes <paramref name="v"/> into <paramref name="destination"/> (at least <see cref="MaxChars"/> long); returns the length.</summary>
    public static int FormatF6(double v, Span<char> destination)
    {
        double scaled = Math.Abs(v) * 1e6;
        if (scaled < FastLimit && v != 0)
        {
            // fl(|v| 1e6) is within half a spacing of the exact product, so rounding it gives the
            // exact product's rounding unless a tie lies that close: those go to the runtime.
            double floor = Math.Floor(scaled), fraction = scaled - floor;
            double spacing = Math.BitIncrement(scaled) - scaled;
            if (Math.Abs(fraction - 0.5) > spacing)
            {
                long n = (long)floor + (fraction > 0.5 ? 1 : 0);
                if (n != 0 || v > 0)
                {
                    return Write(v < 0, n, destination);
                }
            }
        }
        // Ties, zero, negatives that round to zero, huge and non-finite values: the runtime's own.
        v.TryFormat(destination, out int written, "F6", CultureInfo.InvariantCulture);
        return written;
    }

    private static int Write(bool negative, long n, Span<char> destination)
    {
        int at = 0;
        if (negative)
        {
            destination[at++] = '-';
        }
        long whole = Math.DivRem(n, 1_000_000, out long fraction);
        whole.TryFormat(destination[at..], out int digits, default, CultureInfo.InvariantCulture);
        at += digits;
        destination[at++] = '.';
        for (int i = at + 5; i >= at; i--)
        {
            destination[i] = (char)('0' + (int)(fraction % 10));
            fraction /= 10;
        }
        return at + 6;
    }
}
