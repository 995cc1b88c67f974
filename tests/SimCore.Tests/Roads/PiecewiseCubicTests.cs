using SimCore.Roads;

namespace SimCore.Tests.Roads;

public class PiecewiseCubicTests
{
    [Fact]
    public void CubicEvaluatesValueAndDerivative()
    {
        var p = new CubicPolynomial(1, 2, 3, 4);
        Assert.Equal(1 + 2 * 2 + 3 * 4 + 4 * 8, p.Evaluate(2));
        Assert.Equal(2 + 2 * 3 * 2 + 3 * 4 * 4, p.Derivative(2));
    }

    [Fact]
    public void EachRecordHoldsUntilTheNext()
    {
        var f = new PiecewiseCubic([(10.0, new CubicPolynomial(1, 0.5, 0, 0)), (20.0, new CubicPolynomial(7, 0, 0.1, 0))]);
        Assert.Equal(1, f.Evaluate(0));        // before the first record: its start value
        Assert.Equal(0, f.Derivative(0));
        Assert.Equal(1 + 0.5 * 5, f.Evaluate(15));
        Assert.Equal(0.5, f.Derivative(15));
        Assert.Equal(7, f.Evaluate(20));
        Assert.Equal(7 + 0.1 * 25, f.Evaluate(25), 12);
        Assert.Equal(2 * 0.1 * 5, f.Derivative(25), 12);
    }

    [Fact]
    public void EmptyIsZeroAndConstantIsConstant()
    {
        var empty = new PiecewiseCubic([]);
        Assert.Equal(0, empty.Evaluate(5));
        Assert.Equal(0, empty.Derivative(5));
        Assert.Equal(3.5, PiecewiseCubic.Constant(3.5).Evaluate(1e6));
        Assert.Throws<ArgumentException>(() => new PiecewiseCubic([(5.0, default), (1.0, default)]));
    }
}
