using System.Runtime.CompilerServices;

namespace SimCore.Randomness;

/// <summary>
/// Counter-based random numbers: each value is a hash of (seed, stream, counter, index), so any
/// sample can be drawn independently of every other, in any order and on any thread, and the
/// result never depends on scheduling.
/// </summary>
public static class CounterRandom
{
    /// <summary>64 uniformly distributed bits for the given coordinates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bits(ulong seed, ulong stream, ulong counter, ulong index)
    {
        // Chained SplitMix64 finalisers: each coordinate is mixed in fully before the next, so
        // neighbouring counters give unrelated outputs.
        ulong h = Mix(seed ^ 0x9E3779B97F4A7C15UL);
        h = Mix(h ^ stream);
        h = Mix(h ^ counter);
        return Mix(h ^ index);
    }

    /// <summary>A double uniform in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Uniform(ulong seed, ulong stream, ulong counter, ulong index)
        => (Bits(seed, stream, counter, index) >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal sample (Box-Muller over two uniforms of the same coordinates).</summary>
    public static double Gaussian(ulong seed, ulong stream, ulong counter, ulong index)
    {
        ulong b = Bits(seed, stream, counter, index);
        double u1 = ((b >> 11) + 1) * (1.0 / ((1UL << 53) + 1));
        double u2 = (Mix(b) >> 11) * (1.0 / (1UL << 53));
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
