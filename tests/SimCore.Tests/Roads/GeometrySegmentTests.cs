using SimCore.Mathematics;
using SimCore.Roads;

namespace SimCore.Tests.Roads;

public class GeometrySegmentTests
{
    [Fact]
    public void LineAdvancesAlongHeading()
    {
        var line = new LineSegment(0, 1, 2, 0.5, 10);
        ReferencePoint p = line.Evaluate(4);
        Assert.Equal(1 + 4 * Math.Cos(0.5), p.X, 12);
        Assert.Equal(2 + 4 * Math.Sin(0.5), p.Y, 12);
        Assert.Equal(0.5, p.Heading, 12);
        Assert.Equal(0, p.Curvature);
        // Clamped outside [0, length].
        Assert.Equal(line.Evaluate(10), line.Evaluate(12));
        Assert.Equal(line.Evaluate(0), line.Evaluate(-3));
    }

    [Theory]
    [InlineData(0.02, 0.7)]
    [InlineData(-0.05, -2.0)]
    public void ArcPointsLieOnCircleOfRadiusOneOverCurvature(double k, double h0)
    {
        double x0 = 3, y0 = -4;
        var arc = new ArcSegment(0, x0, y0, h0, 150, k);
        // The centre lies one radius to the left of the start heading (right for k < 0).
        double cx = x0 - Math.Sin(h0) / k, cy = y0 + Math.Cos(h0) / k;
        for (double ds = 0; ds <= 150; ds += 7.5)
        {
            ReferencePoint p = arc.Evaluate(ds);
            Assert.Equal(1 / Math.Abs(k), Math.Sqrt((p.X - cx) * (p.X - cx) + (p.Y - cy) * (p.Y - cy)), 9);
            Assert.Equal(k, p.Curvature);
        }
    }

    [Theory]
    [InlineData(0.01, 80.0, 0.0, 0.0, 0.3)]
    [InlineData(-0.03, 120.0, 5.0, -7.0, 2.9)]
    [InlineData(0.1, 94.2477796076938, 1.0, 1.0, -1.0)] // one and a half turns
    [InlineData(1e-9, 100.0, 0.0, 0.0, 1.0)]            // nearly straight: no cancellation blow-up
    public void ArcEndPoseMatchesCircleFormula(double k, double length, double x0, double y0, double h0)
    {
        var arc = new ArcSegment(0, x0, y0, h0, length, k);
        ReferencePoint end = arc.Evaluate(length);
        double ex = x0 + (Math.Sin(h0 + k * length) - Math.Sin(h0)) / k;
        double ey = y0 - (Math.Cos(h0 + k * length) - Math.Cos(h0)) / k;
        // The formula itself loses digits for tiny k; allow for that, not for the model.
        double tol = Math.Abs(k) < 1e-6 ? 1e-5 : 1e-9;
        Assert.Equal(ex, end.X, tol);
        Assert.Equal(ey, end.Y, tol);
        Assert.Equal(0, Angles.WrapPi(end.Heading - (h0 + k * length)), 12);
    }

    [Fact]
    public void QuarterCircleLandsWhereHandCalculationSays()
    {
        // Radius 10 m, quarter turn left from the origin heading east: ends at (10, 10) heading north.
        ReferencePoint left = new ArcSegment(0, 0, 0, 0, 5 * Math.PI, 0.1).Evaluate(5 * Math.PI);
        Assert.Equal(10, left.X, 10);
        Assert.Equal(10, left.Y, 10);
        Assert.Equal(Math.PI / 2, left.Heading, 12);

        // Same to the right: (10, -10) heading south.
        ReferencePoint right = new ArcSegment(0, 0, 0, 0, 5 * Math.PI, -0.1).Evaluate(5 * Math.PI);
        Assert.Equal(10, right.X, 10);
        Assert.Equal(-10, right.Y, 10);
        Assert.Equal(-Math.PI / 2, right.Heading, 12);

        // Half way: 45 degrees round the circle centred at (0, 10).
        ReferencePoint mid = new ArcSegment(0, 0, 0, 0, 5 * Math.PI, 0.1).Evaluate(2.5 * Math.PI);
        Assert.Equal(10 * Math.Sqrt(0.5), mid.X, 10);
        Assert.Equal(10 - 10 * Math.Sqrt(0.5), mid.Y, 10);
    }

    [Theory]
    [InlineData(0.0, 0.05, 100.0, 0.3)]
    [InlineData(-0.04, 0.06, 150.0, -1.2)]  // curvature changes sign
    [InlineData(0.08, -0.02, 60.0, 2.5)]    // decreasing, sign change
    [InlineData(0.0, 0.5, 40.0, 0.0)]       // tight: heading turns 10 rad
    [InlineData(0.02, 0.02, 70.0, 0.1)]     // degenerate: an arc
    public void ClothoidMatchesNumericalIntegration(double k0, double k1, double length, double h0)
    {
        double x0 = 12.5, y0 = -3.25;
        var spiral = new SpiralSegment(0, x0, y0, h0, length, k0, k1);
        foreach (double frac in new[] { 0.0, 0.13, 0.5, 0.777, 1.0 })
        {
            double ds = frac * length;
            ReferencePoint p = spiral.Evaluate(ds);
            (double ex, double ey) = Numeric.Clothoid(x0, y0, h0, k0, k1, length, ds);
            Assert.True(Math.Abs(p.X - ex) < 1e-9 && Math.Abs(p.Y - ey) < 1e-9,
                $"ds={ds}: ({p.X}, {p.Y}) vs reference ({ex}, {ey})");
            double eh = h0 + k0 * ds + (k1 - k0) * ds * ds / (2 * length);
            Assert.Equal(0, Angles.WrapPi(p.Heading - eh), 12);
            Assert.Equal(k0 + (k1 - k0) * ds / length, p.Curvature, 12);
        }
    }

    [Fact]
    public void StraightParamPoly3EvaluatesToTheLineInBothRanges()
    {
        const double L = 40, h0 = 0.4, x0 = -5, y0 = 8;
        // p mapped non-uniformly onto the line (u = L (p + p^2) / 2), so only a true arc-length
        // evaluation lands at distance ds from the start.
        var normalized = new ParamPoly3Segment(0, x0, y0, h0, L, 0, L / 2, L / 2, 0, 0, 0, 0, 0, ParamPolyRange.Normalized);
        var arcLength = new ParamPoly3Segment(0, x0, y0, h0, L, 0, 0.5, 0.5 / L, 0, 0, 0, 0, 0, ParamPolyRange.ArcLength);
        foreach (ParamPoly3Segment seg in new[] { normalized, arcLength })
        {
            Assert.Equal(L, seg.CurveLength, 9);
            for (double ds = 0; ds <= L; ds += 3.3)
            {
                ReferencePoint p = seg.Evaluate(ds);
                Assert.Equal(x0 + ds * Math.Cos(h0), p.X, 9);
                Assert.Equal(y0 + ds * Math.Sin(h0), p.Y, 9);
                Assert.Equal(h0, p.Heading, 12);
                Assert.Equal(0, p.Curvature, 12);
            }
        }
    }

    [Fact]
    public void CurvedParamPoly3FollowsArcLengthInBothRanges()
    {
        double aU = 0, bU = 40, cU = -5, dU = 2, aV = 0, bV = 0, cV = 12, dV = -4;
        double U(double p) => aU + bU * p + cU * p * p + dU * p * p * p;
        double V(double p) => aV + bV * p + cV * p * p + dV * p * p * p;
        double Du(double p) => bU + 2 * cU * p + 3 * dU * p * p;
        double Dv(double p) => bV + 2 * cV * p + 3 * dV * p * p;
        double Speed(double p) => Math.Sqrt(Du(p) * Du(p) + Dv(p) * Dv(p));
        double length = Numeric.Simpson(Speed, 0, 1, 100_000);

        const double x0 = 100, y0 = 50, h0 = -0.7;
        var normalized = new ParamPoly3Segment(0, x0, y0, h0, length, aU, bU, cU, dU, aV, bV, cV, dV, ParamPolyRange.Normalized);
        // The same curve with p in [0, length]: coefficients of p^n divide by length^n.
        var arcLength = new ParamPoly3Segment(0, x0, y0, h0, length,
            aU, bU / length, cU / (length * length), dU / (length * length * length),
            aV, bV / length, cV / (length * length), dV / (length * length * length), ParamPolyRange.ArcLength);

        Assert.Equal(length, normalized.CurveLength, 9);
        Assert.Equal(length, arcLength.CurveLength, 9);
        foreach (double frac in new[] { 0.0, 0.37, 0.81, 1.0 })
        {
            double ds = frac * length;
            double p = Numeric.ParamAtLength(Speed, 1, ds);
            double ex = x0 + U(p) * Math.Cos(h0) - V(p) * Math.Sin(h0);
            double ey = y0 + U(p) * Math.Sin(h0) + V(p) * Math.Cos(h0);
            double eh = h0 + Math.Atan2(Dv(p), Du(p));
            foreach (ParamPoly3Segment seg in new[] { normalized, arcLength })
            {
                ReferencePoint rp = seg.Evaluate(ds);
                Assert.Equal(ex, rp.X, 8);
                Assert.Equal(ey, rp.Y, 8);
                Assert.Equal(0, Angles.WrapPi(rp.Heading - eh), 9);
            }
        }
    }

    [Theory]
    [InlineData(40.0, -5.0, 2.0, 0.0, 12.0, -4.0)]  // gentle
    [InlineData(30.0, -20.0, 8.0, 5.0, 25.0, -18.0)] // sharp: turns through about 90 degrees in 35 m
    public void ParamPoly3InvertsArcLengthEverywhereAlongTheCurve(double bU, double cU, double dU, double bV, double cV, double dV)
    {
        // At 400 parameters spread over the curve (inside the table's intervals, near their nodes
        // and halfway between), the point evaluated at the arc length up to p must be the curve's
        // point at p; the arc length comes from a fine Simpson sum, not from the code under test.
        double U(double p) => bU * p + cU * p * p + dU * p * p * p;
        double V(double p) => bV * p + cV * p * p + dV * p * p * p;
        double Speed(double p)
        {
            double du = bU + 2 * cU * p + 3 * dU * p * p, dv = bV + 2 * cV * p + 3 * dV * p * p;
            return Math.Sqrt(du * du + dv * dv);
        }
        double length = Numeric.Simpson(Speed, 0, 1, 200_000);
        var seg = new ParamPoly3Segment(0, 0, 0, 0, length, 0, bU, cU, dU, 0, bV, cV, dV, ParamPolyRange.Normalized);
        double worst = 0;
        for (int i = 1; i < 400; i++)
        {
            double p = i / 400.0 + 0.0007 * Math.Sin(i);
            ReferencePoint rp = seg.Evaluate(Numeric.Simpson(Speed, 0, p, 20_000));
            worst = Math.Max(worst, Math.Max(Math.Abs(rp.X - U(p)), Math.Abs(rp.Y - V(p))));
        }
        Assert.True(worst < 1e-9, $"largest position error {worst:E2} m");
    }

    [Fact]
    public void Poly3IsEvaluatedByArcLength()
    {
        double a = 0.5, b = 0.1, c = 0.01, d = -0.0002;
        const double L = 60, x0 = 1, y0 = 2, h0 = 0.25;
        var seg = new Poly3Segment(0, x0, y0, h0, L, a, b, c, d);
        double Speed(double u) { double dv = b + 2 * c * u + 3 * d * u * u; return Math.Sqrt(1 + dv * dv); }
        foreach (double ds in new[] { 0.0, 17.3, 45.0, L })
        {
            ReferencePoint p = seg.Evaluate(ds);
            // Back into the local frame: v must equal the polynomial at u, and the curve length up to u must be ds.
            double lx = p.X - x0, ly = p.Y - y0;
            double u = lx * Math.Cos(h0) + ly * Math.Sin(h0);
            double v = -lx * Math.Sin(h0) + ly * Math.Cos(h0);
            Assert.Equal(a + b * u + c * u * u + d * u * u * u, v, 9);
            Assert.Equal(ds, Numeric.Simpson(Speed, 0, u, 20_000), 8);
            Assert.Equal(h0 + Math.Atan(b + 2 * c * u + 3 * d * u * u), p.Heading, 10);
        }
    }

    [Fact]
    public void ParamPoly3WithImpreciseDeclaredLengthStillEndsAtTheCurveEnd()
    {
        // Quarter-ish curve whose true length is not the declared 50 m: ds = Length must map to p = 1.
        var seg = new ParamPoly3Segment(0, 0, 0, 0, 50, 0, 40, 0, -5, 0, 0, 20, -4, ParamPolyRange.Normalized);
        ReferencePoint end = seg.Evaluate(50);
        Assert.Equal(40 - 5, end.X, 9);
        Assert.Equal(20 - 4, end.Y, 9);
        Assert.NotEqual(50, seg.CurveLength, 3);
    }
}
