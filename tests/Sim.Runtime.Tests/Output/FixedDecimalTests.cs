using System.Globalization;
using Sim.Runtime.Output;

namespace Sim.Runtime.Tests.Output;

/// <summary>The fast six-decimal formatter against the runtime's own "F6", which is the reference.</summary>
public sealed class FixedDecimalTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-7)]
    [InlineData(-1e-7)]
    [InlineData(-4e-7)]
    [InlineData(0.0078125)] // 7812.5 millionths exactly: a tie
    [InlineData(-0.0078125)]
    [InlineData(2.5e-6)]
    [InlineData(0.1)]
    [InlineData(123.4567895)]
    [InlineData(21.74)]
    [InlineData(1125899906.8426)] // just below 2^50 millionths
    [InlineData(1125899906.8427)] // just above
    [InlineData(1e300)]
    [InlineData(double.MaxValue)]
    [InlineData(double.Epsilon)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Edge_values_read_as_the_runtime_writes_them(double v) => AssertSame(v);

    [Fact]
    public void Negative_zero_reads_as_the_runtime_writes_it() => AssertSame(-0.0);

    [Fact]
    public void A_million_values_of_every_magnitude_read_as_the_runtime_writes_them()
    {
        var random = new Random(20261207);
        for (int i = 0; i < 1_000_000; i++)
        {
            double magnitude = Math.Pow(10, random.Next(-8, 14));
            double v = (random.NextDouble() - 0.5) * magnitude;
            AssertSame(v);
            // Values a step apart, as a simulation's times and positions are.
            AssertSame(Math.Round(v, 2) + 0.005);
        }
    }

    private static void AssertSame(double v)
    {
        Span<char> text = stackalloc char[FixedDecimal.MaxChars];
        int n = FixedDecimal.FormatF6(v, text);
        string expected = v.ToString("F6", CultureInfo.InvariantCulture);
        if (!text[..n].SequenceEqual(expected))
        {
            Assert.Fail($"{v:R}: '{text[..n]}' instead of '{expected}'");
        }
    }
}
