using SimCore.Dynamics;

namespace SimCore.Tests.Dynamics;

public class TireModelTests
{
    private const double Load = 6000;
    private const double Stiffness = 130_000;
    private const double Mu = 1.0;

    [Fact]
    public void LinearTireIsMinusCAlpha()
    {
        Assert.Equal(-Stiffness * 0.3, LinearTire.Instance.LateralForce(0.3, Load, Stiffness, Mu));
    }

    [Theory]
    [InlineData(1.3, 0.0)]
    [InlineData(1.9, 0.5)]
    [InlineData(1.5, -1.0)]
    public void PacejkaSlopeAtZeroIsTheCorneringStiffness(double c, double e)
    {
        var tire = new SimplifiedPacejkaTire(c, e);
        double da = 1e-6;
        double slope = -(tire.LateralForce(da, Load, Stiffness, Mu) - tire.LateralForce(-da, Load, Stiffness, Mu)) / (2 * da);
        Assert.Equal(Stiffness, slope, Stiffness * 1e-6);
    }

    [Theory]
    [InlineData(1.3, 0.0)]
    [InlineData(1.9, 0.5)]
    public void PacejkaPeaksAtTheFrictionLimit(double c, double e)
    {
        var tire = new SimplifiedPacejkaTire(c, e);
        double peak = 0;
        for (double a = 0; a < 1.5; a += 1e-4)
        {
            double f = tire.LateralForce(a, Load, Stiffness, Mu);
            Assert.True(f <= 0, "positive slip gives negative force");
            peak = Math.Max(peak, -f);
        }
        Assert.True(peak <= Mu * Load * (1 + 1e-12));
        Assert.True(peak >= Mu * Load * 0.999, $"peak {peak}");
    }

    [Fact]
    public void PacejkaIsOddInSlip()
    {
        var tire = SimplifiedPacejkaTire.Default;
        Assert.Equal(-tire.LateralForce(0.07, Load, Stiffness, Mu), tire.LateralForce(-0.07, Load, Stiffness, Mu), 1e-9);
    }

    [Fact]
    public void UnloadedTyreGivesNoForce()
    {
        Assert.Equal(0, SimplifiedPacejkaTire.Default.LateralForce(0.1, 0, Stiffness, Mu));
    }

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(2.0, 0.0)]
    [InlineData(1.5, 1.5)]
    public void PacejkaRejectsBadFactors(double c, double e)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimplifiedPacejkaTire(c, e));
    }
}
