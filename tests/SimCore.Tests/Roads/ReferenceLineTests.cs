using SimCore.Mathematics;
using SimCore.Roads;

namespace SimCore.Tests.Roads;

public class ReferenceLineTests
{
    internal static ReferenceLine MixedChain() =>
        new ReferenceLineBuilder(10, -20, 0.3)
            .Line(20)
            .Spiral(30, 0, 0.05)
            .Arc(40, 0.05)
            .Spiral(50, 0.05, -0.03)
            .ParamPoly3(0, 30, 0, 0, 0, 0, 4, -1.5, ParamPolyRange.Normalized, 30.6)
            .Poly3(0, 0, 0.004, -0.00005, 35)
            .Line(15)
            .Build();

    [Fact]
    public void BuilderChainsSegmentsEndToStart()
    {
        ReferenceLine line = MixedChain();
        Assert.Equal(7, line.Segments.Count);
        double s = 0;
        for (int i = 0; i < line.Segments.Count; i++)
        {
            GeometrySegment seg = line.Segments[i];
            Assert.Equal(s, seg.S, 12);
            if (i > 0)
            {
                GeometrySegment prev = line.Segments[i - 1];
                ReferencePoint end = prev.Evaluate(prev.Length);
                Assert.Equal(end.X, seg.X, 12);
                Assert.Equal(end.Y, seg.Y, 12);
                Assert.Equal(0, Angles.WrapPi(end.Heading - seg.Heading), 12);
            }
            s += seg.Length;
        }
        Assert.Equal(s, line.Length, 12);
        Assert.False(line.IsClosed);
    }

    [Fact]
    public void EvaluateFindsTheSegmentAndClamps()
    {
        ReferenceLine line = MixedChain();
        // s = 65 lies in the arc (50..90), 15 m into it.
        ReferencePoint p = line.Evaluate(65);
        Assert.Equal(line.Segments[2].Evaluate(15), p);
        Assert.Equal(line.Evaluate(0), line.Evaluate(-5));
        Assert.Equal(line.Evaluate(line.Length), line.Evaluate(line.Length + 5));
        ReferencePoint start = line.Evaluate(0);
        Assert.Equal(10, start.X);
        Assert.Equal(-20, start.Y);
    }

    [Fact]
    public void RejectsGapsInS()
    {
        var a = new LineSegment(0, 0, 0, 0, 10);
        var b = new LineSegment(10.5, 10, 0, 0, 10);
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new ReferenceLine([a, b]));
        Assert.Contains("s=10.5", ex.Message);
        Assert.Throws<ArgumentException>(() => new ReferenceLine([new LineSegment(2, 0, 0, 0, 10)]));
        Assert.Throws<ArgumentException>(() => new ReferenceLine([]));
    }

    public static TheoryData<string> Shapes => new() { "line", "arc", "spiral", "paramPoly3", "poly3", "mixed" };

    private static ReferenceLine Shape(string name) => name switch
    {
        "line" => new ReferenceLineBuilder(3, 4, 1.1).Line(120).Build(),
        "arc" => new ReferenceLineBuilder(0, 0, -0.5).Arc(200, 1 / 50.0).Build(),
        "spiral" => new ReferenceLineBuilder(-7, 2, 2.0).Spiral(150, -0.04, 0.045).Build(),
        "paramPoly3" => new ReferenceLineBuilder(1, 1, 0.2).ParamPoly3(0, 60, -10, 5, 0, 0, 25, -10, ParamPolyRange.Normalized, 61).Build(),
        "poly3" => new ReferenceLineBuilder(0, 0, 0).Poly3(0, 0.05, 0.003, -0.00003, 80).Build(),
        _ => MixedChain(),
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ProjectionRoundTripsWorldToRoadToWorld(string shape)
    {
        ReferenceLine line = Shape(shape);
        var rng = new Random(20240601);
        for (int i = 0; i < 400; i++)
        {
            double s0 = rng.NextDouble() * line.Length;
            double t0 = (rng.NextDouble() * 2 - 1) * 10;
            ReferencePoint rp = line.Evaluate(s0);
            var p = new Vec2(rp.X - t0 * Math.Sin(rp.Heading), rp.Y + t0 * Math.Cos(rp.Heading));

            Assert.True(line.TryProject(p, out double s, out double t), $"{shape}: no foot for s0={s0}, t0={t0}");
            ReferencePoint q = line.Evaluate(s);
            var back = new Vec2(q.X - t * Math.Sin(q.Heading), q.Y + t * Math.Cos(q.Heading));
            Assert.True((back - p).Length < 1e-6, $"{shape}: s0={s0} t0={t0} -> s={s} t={t}, error {(back - p).Length}");
            // Global nearest: never farther than the point we started from.
            Assert.True(Math.Abs(t) <= Math.Abs(t0) + 1e-9, $"{shape}: |t|={Math.Abs(t)} > |t0|={Math.Abs(t0)}");
        }
    }

    [Fact]
    public void ProjectionPicksTheNearerLegOfAHairpin()
    {
        // Two parallel legs 30 m apart joined by a half circle of radius 15.
        ReferenceLine line = new ReferenceLineBuilder(0, 0, 0).Line(50).Arc(15 * Math.PI, 1 / 15.0).Line(50).Build();
        Assert.True(line.TryProject(new Vec2(25, 10), out double s, out double t));
        Assert.Equal(25, s, 9);
        Assert.Equal(10, t, 9);
        Assert.True(line.TryProject(new Vec2(25, 20), out s, out t));
        // On the return leg (y = 30, heading west) at x = 25: s = 50 + 15 pi + 25; south is its left.
        Assert.Equal(75 + 15 * Math.PI, s, 9);
        Assert.Equal(10, t, 9);
    }

    [Fact]
    public void ProjectionBeyondAnOpenEndReportsNoFoot()
    {
        ReferenceLine line = new ReferenceLineBuilder(0, 0, 0).Line(10).Build();
        Assert.False(line.TryProject(new Vec2(15, 2), out double s, out double t));
        Assert.Equal(10, s, 12);
        Assert.Equal(2, t, 12);
        Assert.False(line.TryProject(new Vec2(-1, -2), out s, out t));
        Assert.Equal(0, s, 12);
        Assert.Equal(-2, t, 12);
    }

    [Fact]
    public void RingRoadProjectsAcrossTheSeam()
    {
        // Full circle of radius 30 about the origin, starting at (30, 0) heading north.
        const double R = 30;
        ReferenceLine ring = new ReferenceLineBuilder(R, 0, Math.PI / 2).Arc(2 * Math.PI * R, 1 / R).Build();
        Assert.True(ring.IsClosed);
        foreach (double angle in new[] { -0.02, -1e-4, 0.0, 1e-4, 0.02 })
        {
            foreach (double r in new[] { R - 5, R + 5 })
            {
                var p = new Vec2(r * Math.Cos(angle), r * Math.Sin(angle));
                Assert.True(ring.TryProject(p, out double s, out double t), $"angle {angle} r {r}");
                Assert.InRange(s, 0, ring.Length);
                Assert.Equal(R - r, t, 9); // left of a counter-clockwise circle is inward
                double expectedS = angle >= 0 ? angle * R : ring.Length + angle * R;
                if (angle == 0)
                {
                    Assert.True(Math.Abs(s) < 1e-6 || Math.Abs(s - ring.Length) < 1e-6, $"s={s}");
                }
                else
                {
                    Assert.Equal(expectedS, s, 7);
                }
            }
        }
    }

    [Theory]
    [InlineData("mixed")]
    [InlineData("spiral")]
    [InlineData("paramPoly3")]
    public void ProjectionIsTheGlobalNearestEvenFarFromTheLine(string shape)
    {
        ReferenceLine line = Shape(shape);
        var rng = new Random(7);
        ReferencePoint mid = line.Evaluate(line.Length / 2);
        for (int i = 0; i < 60; i++)
        {
            var p = new Vec2(mid.X + (rng.NextDouble() * 2 - 1) * 80, mid.Y + (rng.NextDouble() * 2 - 1) * 80);
            double brute = double.PositiveInfinity;
            for (double s = 0; s <= line.Length; s += 0.02)
            {
                ReferencePoint q = line.Evaluate(s);
                brute = Math.Min(brute, (new Vec2(q.X, q.Y) - p).Length);
            }
            line.TryProject(p, out double ps, out _);
            ReferencePoint f = line.Evaluate(ps);
            double found = (new Vec2(f.X, f.Y) - p).Length;
            Assert.True(found <= brute + 1e-9, $"{shape}: point ({p.X}, {p.Y}) projected at distance {found}, dense sampling finds {brute}");
        }
    }
}
