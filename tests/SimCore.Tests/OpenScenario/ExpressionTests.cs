using SimCore.OpenScenario;

namespace SimCore.Tests.OpenScenario;

public class ExpressionTests
{
    private static readonly Dictionary<string, string> P = new() { ["a"] = "3", ["b"] = "4.5", ["s"] = "car_red", ["t"] = "true" };

    private static double Eval(string text) => OscExpression.EvaluateNumber(text, n => P.GetValueOrDefault(n));

    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("-$a + 10", 7)]
    [InlineData("- (2 - 5)", 3)]
    [InlineData("$b / 3.6 * 2", 2.5)]
    [InlineData("7 % 4", 3)]
    [InlineData("2 - 3 - 4", -5)]     // left-associative
    [InlineData("12 / 3 / 2", 2)]
    [InlineData("round(2.5)", 3)]     // half away from zero
    [InlineData("round(-2.5)", -3)]
    [InlineData("floor(-1.5) + ceil(1.2)", 0)]
    [InlineData("sqrt(16) + pow(2, 10)", 1028)]
    [InlineData("$a > 2", 1)]
    [InlineData("$a >= 4", 0)]
    [InlineData("$a == 3 and $b != 4.5", 0)]
    [InlineData("$a < 1 or not ($b <= 4)", 1)]
    [InlineData("$t and true", 1)]
    [InlineData("1e2 + 2.5E-1", 100.25)]
    [InlineData("max(1, $a) - min(-2, 0) + abs(-1)", 6)]
    public void EvaluatesLikeHand(string text, double expected) => Assert.Equal(expected, Eval(text), 12);

    [Theory]
    [InlineData("1 +", "ends where a value is expected")]
    [InlineData("(1 + 2", "missing ')'")]
    [InlineData("$nope * 2", "unknown parameter '$nope'")]
    [InlineData("1 / 0", "division by zero")]
    [InlineData("sqroot(4)", "did you mean 'sqrt'")]
    [InlineData("$s + 1", "not a number")]
    [InlineData("1 2", "unexpected")]
    public void BadExpressionsSayWhy(string text, string message)
    {
        var e = Assert.Throws<OscExpression.ExpressionException>(() => Eval(text));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EsminiStyleConcatenationJoinsText()
    {
        string v = OscExpression.Evaluate("BrakeCondition_HWT + _ + $b", n => P.GetValueOrDefault(n), out bool joined);
        Assert.True(joined);
        Assert.Equal("BrakeCondition_HWT_4.5", v);
        Assert.Equal("250", OscExpression.Evaluate("$b * 0 + 250", n => P.GetValueOrDefault(n), out joined));
        Assert.False(joined);
    }
}
