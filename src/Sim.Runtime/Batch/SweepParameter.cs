using System.Globalization;
using SimCore.Diagnostics;

namespace Sim.Runtime.Batch;

/// <summary>One swept parameter of a sweep file: the values it takes in a product, or draws one value per sample.</summary>
internal abstract record SweepParameter(string Name, SourceLocation Where)
{
    /// <summary>The values this parameter contributes to a product of parameters.</summary>
    public abstract IReadOnlyList<string> ProductValues(ulong seed);

    /// <summary>The value of this parameter in random combination <paramref name="sample"/>.</summary>
    public abstract string Sample(ulong seed, int sample);

    /// <summary>
    /// Values are passed to `sim run --param` and written into run ids as text; six decimals keep ids
    /// short and make 0.1 + 0.2 print as 0.3, so a range step gives the value a user expects.
    /// </summary>
    public static string Format(double v) => Math.Round(v, 6).ToString("0.######", CultureInfo.InvariantCulture);
}

/// <summary>`{from: A, to: B, step: S}`: A, A+S, ... up to B inclusive.</summary>
internal sealed record RangeParameter(string Name, SourceLocation Where, double From, double To, double Step) : SweepParameter(Name, Where)
{
    public int Count => (int)Math.Floor((To - From) / Step + 1e-9) + 1;

    public override IReadOnlyList<string> ProductValues(ulong seed)
        => Enumerable.Range(0, Count).Select(i => Format(From + i * Step)).ToList();

    public override string Sample(ulong seed, int sample)
        => Format(From + Step * Math.Min(Count - 1, (int)(SweepRandom.Uniform(seed, Name, sample, 0) * Count)));
}

/// <summary>`[a, b, c]`: the listed values, as written.</summary>
internal sealed record ListParameter(string Name, SourceLocation Where, IReadOnlyList<string> Values) : SweepParameter(Name, Where)
{
    public override IReadOnlyList<string> ProductValues(ulong seed) => Values;

    public override string Sample(ulong seed, int sample)
        => Values[Math.Min(Values.Count - 1, (int)(SweepRandom.Uniform(seed, Name, sample, 0) * Values.Count))];
}

/// <summary>`{uniform: {min: A, max: B}, count: N}`: uniform draws in [A, B).</summary>
internal sealed record UniformParameter(string Name, SourceLocation Where, double Min, double Max, int Count) : SweepParameter(Name, Where)
{
    public override IReadOnlyList<string> ProductValues(ulong seed)
        => Enumerable.Range(0, Count).Select(i => Sample(seed, i)).Distinct(StringComparer.Ordinal).ToList();

    public override string Sample(ulong seed, int sample)
        => Format(Min + (Max - Min) * SweepRandom.Uniform(seed, Name, sample, 0));
}

/// <summary>`{normal: {mean: M, sd: S}, count: N}`: normal draws (Box-Muller on two uniform draws).</summary>
internal sealed record NormalParameter(string Name, SourceLocation Where, double Mean, double StdDev, int Count) : SweepParameter(Name, Where)
{
    public override IReadOnlyList<string> ProductValues(ulong seed)
        => Enumerable.Range(0, Count).Select(i => Sample(seed, i)).Distinct(StringComparer.Ordinal).ToList();

    public override string Sample(ulong seed, int sample)
    {
        // 1 - u keeps the logarithm's argument in (0, 1].
        double u1 = 1.0 - SweepRandom.Uniform(seed, Name, sample, 0);
        double u2 = SweepRandom.Uniform(seed, Name, sample, 1);
        return Format(Mean + StdDev * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }
}
