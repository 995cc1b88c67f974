namespace Sim.Runtime.Batch;

/// <summary>
/// Counter-based random numbers for sweeps: a draw is a hash of (seed, parameter name, sample,
/// component), so a value does not depend on which other parameters or samples exist, on the
/// order they are drawn in, or on the .NET version (System.Random's seeded sequence is not a contract).
/// </summary>
internal static class SweepRandom
{
    /// <summary>A uniform double in [0, 1).</summary>
    public static double Uniform(ulong seed, string name, int sample, int component)
    {
        ulong h = Mix(seed ^ Fnv1a(name));
        h = Mix(h ^ (ulong)(uint)sample);
        h = Mix(h ^ ((ulong)(uint)component << 32));
        return (h >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>SplitMix64's finaliser: a bijective mix of 64 bits.</summary>
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Fnv1a(string s)
    {
        ulong h = 0xcbf29ce484222325UL;
        foreach (char c in s)
        {
            h = (h ^ c) * 0x100000001b3UL;
        }
        return h;
    }
}
