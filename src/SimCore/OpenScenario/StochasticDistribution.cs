using System.Globalization;
using System.Xml.Linq;
using SimCore.Randomness;

namespace SimCore.OpenScenario;

/// <summary>
/// One StochasticDistribution of a parameter value distribution: Normal, LogNormal (1.3),
/// Uniform, Poisson, Histogram or ProbabilityDistributionSet. Draws are counter-based: the
/// uniforms of run r of parameter p are hashes of (seed, p, r, attempt), so a value depends on
/// nothing else. A Range truncates by redrawing; a range that rejects <see cref="MaxAttempts"/>
/// draws in a row is an error rather than a hang.
/// </summary>
internal abstract class StochasticDistribution
{
    public const int MaxAttempts = 10_000;

    protected StochasticDistribution(XElement where, (double Lower, double Upper)? range)
    {
        Where = where;
        Bounds = range;
    }

    public XElement Where { get; }

    /// <summary>The Range that truncates the distribution, if any.</summary>
    public (double Lower, double Upper)? Bounds { get; }

    /// <summary>The value of run <paramref name="run"/> as text; null when every attempt fell outside the range.</summary>
    public string? Draw(ulong seed, string parameter, int run)
    {
        ulong stream = Stream(parameter);
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            double v = Sample(seed, stream, (ulong)run, (ulong)attempt * 4);
            if (Bounds is not { } b || (v >= b.Lower && v <= b.Upper))
            {
                return Text(v);
            }
        }
        return null;
    }

    /// <summary>One draw; <paramref name="index"/> and the next three are this attempt's uniforms.</summary>
    protected abstract double Sample(ulong seed, ulong stream, ulong run, ulong index);

    protected virtual string Text(double v) => ParameterDistribution.Format(v);

    protected static double U(ulong seed, ulong stream, ulong run, ulong index) => CounterRandom.Uniform(seed, stream, run, index);

    /// <summary>FNV-1a of the name: the stream of one parameter's draws.</summary>
    private static ulong Stream(string name)
    {
        ulong h = 0xcbf29ce484222325UL;
        foreach (char c in name)
        {
            h = (h ^ c) * 0x100000001b3UL;
        }
        return h;
    }

    /// <summary>Reads the distribution inside a StochasticDistribution element; null after reporting a problem.</summary>
    public static StochasticDistribution? Read(OscContext ctx, XElement holder, ParameterScope scope)
    {
        XElement? d = holder.Elements().FirstOrDefault();
        if (d is null)
        {
            ctx.Error(holder, "<StochasticDistribution> needs a distribution (NormalDistribution, LogNormalDistribution, UniformDistribution, PoissonDistribution, Histogram or ProbabilityDistributionSet)");
            return null;
        }
        (double, double)? OptionalRange() => d.Element("Range") is null ? null : ParameterDistribution.Range(ctx, d, scope);
        switch (d.Name.LocalName)
        {
            case "NormalDistribution":
            {
                double mean = ctx.RequiredNum(d, "expectedValue", scope), variance = ctx.RequiredNum(d, "variance", scope);
                if (variance < 0)
                {
                    ctx.Error(d.Attribute("variance"), "a variance must not be negative");
                    return null;
                }
                return new Normal(d, OptionalRange(), mean, Math.Sqrt(variance));
            }
            case "LogNormalDistribution":
            {
                double mean = ctx.RequiredNum(d, "expectedValue", scope), variance = ctx.RequiredNum(d, "variance", scope);
                if (!(mean > 0) || variance < 0)
                {
                    ctx.Error(d, "a log-normal distribution needs expectedValue > 0 and variance >= 0");
                    return null;
                }
                return new LogNormal(d, OptionalRange(), mean, variance);
            }
            case "UniformDistribution":
                return ParameterDistribution.Range(ctx, d, scope) is { } r ? new Uniform(d, r) : null;
            case "PoissonDistribution":
            {
                double lambda = ctx.RequiredNum(d, "expectedValue", scope);
                if (!(lambda > 0) || lambda > 1e7)
                {
                    ctx.Error(d.Attribute("expectedValue") ?? (XObject)d, $"a Poisson distribution's expectedValue must be in (0, 1e7], not {lambda}");
                    return null;
                }
                return new Poisson(d, OptionalRange(), lambda);
            }
            case "Histogram":
            {
                var bins = new List<(double Lower, double Upper, double Weight)>();
                foreach (XElement bin in ctx.Only(d, "Bin"))
                {
                    double w = ctx.RequiredNum(bin, "weight", scope);
                    if (ParameterDistribution.Range(ctx, bin, scope) is { } binRange)
                    {
                        bins.Add((binRange.Lower, binRange.Upper, w));
                    }
                }
                return Weights(ctx, d, bins.Select(b => b.Weight)) ? new Histogram(d, bins) : null;
            }
            case "ProbabilityDistributionSet":
            {
                var elements = new List<(string Value, double Weight)>();
                foreach (XElement e in ctx.Only(d, "Element"))
                {
                    string? v = ctx.RequiredStr(e, "value", scope);
                    double w = ctx.RequiredNum(e, "weight", scope);
                    if (v is not null)
                    {
                        elements.Add((v, w));
                    }
                }
                return Weights(ctx, d, elements.Select(x => x.Weight)) ? new WeightedSet(d, elements) : null;
            }
            case "UserDefinedDistribution":
                ctx.Error(d, $"a UserDefinedDistribution (type '{d.Attribute("type")?.Value}') is defined by the tool that wrote it; it cannot be drawn here");
                return null;
            default:
                ctx.Error(d, $"<{d.Name.LocalName}> is not a stochastic distribution: use NormalDistribution, LogNormalDistribution, UniformDistribution, PoissonDistribution, Histogram or ProbabilityDistributionSet");
                return null;
        }
    }

    private static bool Weights(OscContext ctx, XElement d, IEnumerable<double> weights)
    {
        List<double> w = weights.ToList();
        if (w.Count == 0)
        {
            ctx.Error(d, $"<{d.Name.LocalName}> is empty");
            return false;
        }
        if (w.Any(x => x < 0) || !(w.Sum() > 0))
        {
            ctx.Error(d, $"the weights of <{d.Name.LocalName}> must not be negative and must not all be 0");
            return false;
        }
        return true;
    }

    /// <summary>Running sums of the weights, for <see cref="Pick"/>.</summary>
    private static double[] Cumulative(IEnumerable<double> weights)
    {
        double sum = 0;
        return weights.Select(w => sum += w).ToArray();
    }

    /// <summary>Picks an index with probability proportional to its weight.</summary>
    protected static int Pick(IReadOnlyList<double> cumulative, double u)
    {
        double x = u * cumulative[^1];
        for (int i = 0; i < cumulative.Count; i++)
        {
            if (x < cumulative[i])
            {
                return i;
            }
        }
        return cumulative.Count - 1;
    }

    /// <summary>A standard normal from two uniforms (Box-Muller; 1 - u keeps the logarithm finite).</summary>
    protected static double StandardNormal(ulong seed, ulong stream, ulong run, ulong index)
    {
        double u1 = 1.0 - U(seed, stream, run, index), u2 = U(seed, stream, run, index + 1);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private sealed class Normal(XElement where, (double, double)? range, double mean, double sd) : StochasticDistribution(where, range)
    {
        protected override double Sample(ulong seed, ulong stream, ulong run, ulong index) => mean + sd * StandardNormal(seed, stream, run, index);
    }

    /// <summary>
    /// expectedValue and variance are the mean m and variance v of the log-normal value itself (as
    /// for NormalDistribution, they describe the parameter): ln x is normal with
    /// sigma^2 = ln(1 + v / m^2) and mu = ln m - sigma^2 / 2.
    /// </summary>
    private sealed class LogNormal : StochasticDistribution
    {
        private readonly double _mu, _sigma;

        public LogNormal(XElement where, (double, double)? range, double mean, double variance) : base(where, range)
        {
            double s2 = Math.Log(1 + variance / (mean * mean));
            _sigma = Math.Sqrt(s2);
            _mu = Math.Log(mean) - s2 / 2;
        }

        protected override double Sample(ulong seed, ulong stream, ulong run, ulong index) => Math.Exp(_mu + _sigma * StandardNormal(seed, stream, run, index));
    }

    private sealed class Uniform(XElement where, (double Lower, double Upper) range) : StochasticDistribution(where, null)
    {
        protected override double Sample(ulong seed, ulong stream, ulong run, ulong index)
            => range.Lower + (range.Upper - range.Lower) * U(seed, stream, run, index);
    }

    /// <summary>
    /// Poisson by inversion from the mode outwards (alternately one above, one below), which needs
    /// about sqrt(lambda) terms instead of lambda, and no term underflows: the mode's probability
    /// comes from logarithms (Stirling's series for ln k!).
    /// </summary>
    private sealed class Poisson(XElement where, (double, double)? range, double lambda) : StochasticDistribution(where, range)
    {
        protected override double Sample(ulong seed, ulong stream, ulong run, ulong index)
        {
            double u = U(seed, stream, run, index);
            long mode = (long)Math.Floor(lambda);
            double pMode = Math.Exp(mode * Math.Log(lambda) - lambda - LogFactorial(mode));
            if (u < pMode)
            {
                return mode;
            }
            u -= pMode;
            long up = mode, down = mode;
            double pUp = pMode, pDown = pMode;
            while (true)
            {
                up++;
                pUp *= lambda / up;
                if (u < pUp)
                {
                    return up;
                }
                u -= pUp;
                if (down > 0)
                {
                    pDown *= down / lambda;
                    down--;
                    if (u < pDown)
                    {
                        return down;
                    }
                    u -= pDown;
                }
                if (pUp < 1e-300 && (down == 0 || pDown < 1e-300))
                {
                    // Rounding left u above the summed probabilities: the upper tail's next value.
                    return up;
                }
            }
        }

        protected override string Text(double v) => ((long)v).ToString(CultureInfo.InvariantCulture);

        internal static double LogFactorial(long k)
        {
            if (k < 20)
            {
                double f = 1;
                for (long i = 2; i <= k; i++)
                {
                    f *= i;
                }
                return Math.Log(f);
            }
            double n = k + 1.0;
            // ln Gamma(n): Stirling's series to 1/n^5, accurate to 1e-13 for n >= 20.
            return (n - 0.5) * Math.Log(n) - n + 0.5 * Math.Log(2 * Math.PI)
                + 1.0 / (12 * n) - 1.0 / (360 * n * n * n) + 1.0 / (1260 * Math.Pow(n, 5));
        }
    }

    /// <summary>A bin chosen by weight, then a uniform value within it.</summary>
    private sealed class Histogram : StochasticDistribution
    {
        private readonly List<(double Lower, double Upper, double Weight)> _bins;
        private readonly double[] _cumulative;

        public Histogram(XElement where, List<(double Lower, double Upper, double Weight)> bins) : base(where, null)
        {
            _bins = bins;
            _cumulative = Cumulative(bins.Select(b => b.Weight));
        }

        protected override double Sample(ulong seed, ulong stream, ulong run, ulong index)
        {
            (double lo, double hi, _) = _bins[Pick(_cumulative, U(seed, stream, run, index))];
            return lo + (hi - lo) * U(seed, stream, run, index + 1);
        }
    }

    /// <summary>One of the listed values, with probability proportional to its weight; the value's text as written.</summary>
    private sealed class WeightedSet : StochasticDistribution
    {
        private readonly List<(string Value, double Weight)> _elements;
        private readonly double[] _cumulative;

        public WeightedSet(XElement where, List<(string Value, double Weight)> elements) : base(where, null)
        {
            _elements = elements;
            _cumulative = Cumulative(elements.Select(e => e.Weight));
        }

        protected override double Sample(ulong seed, ulong stream, ulong run, ulong index) => Pick(_cumulative, U(seed, stream, run, index));

        protected override string Text(double v) => _elements[(int)v].Value;
    }
}
