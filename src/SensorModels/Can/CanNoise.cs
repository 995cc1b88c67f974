namespace SensorModels.Can;

/// <summary>
/// Counter-based standard normal numbers: a hash of (seed, stream, sequence, index), so the bus's
/// noise depends on nothing but those (not on thread counts or other sensors).
/// </summary>
internal static class CanNoise
{
    public static double Normal(ulong seed, ulong stream, long sequence, int index)
    {
        ulong h = Mix(seed ^ Mix(stream ^ Mix((ulong)sequence * 0x9E3779B97F4A7C15UL + (ulong)index)));
        // Box-Muller from two 32-bit halves, u1 in (0, 1] so the log is finite.
        double u1 = ((h >> 32) + 1.0) / 4294967296.0;
        double u2 = (h & 0xFFFF_FFFFUL) / 4294967296.0;
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static ulong Mix(ulong z)
    {
        // SplitMix64 finaliser.
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
