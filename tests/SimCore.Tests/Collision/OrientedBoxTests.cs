using SimCore.Collision;
using SimCore.Mathematics;

namespace SimCore.Tests.Collision;

public class OrientedBoxTests
{
    private const double Tol = 1e-12;

    [Fact]
    public void FromVehicleOffsetsCentreAlongHeading()
    {
        // Rear axle at (10, 5) facing north; body centre 1.5 m ahead of it.
        var box = OrientedBox.FromVehicle(10, 5, Math.PI / 2, 4.0, 2.0, 1.5);

        Assert.Equal(10.0, box.Center.X, Tol);
        Assert.Equal(6.5, box.Center.Y, Tol);
        Assert.Equal(Math.PI / 2, box.Heading);
        Assert.Equal(2.0, box.HalfLength);
        Assert.Equal(1.0, box.HalfWidth);
    }

    [Fact]
    public void FromVehicleRejectsNegativeDimensions()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OrientedBox.FromVehicle(0, 0, 0, -1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => OrientedBox.FromVehicle(0, 0, 0, 1, -1, 0));
    }

    [Fact]
    public void CornersOfAxisAlignedBoxAreCounterClockwiseFromFrontRight()
    {
        var box = new OrientedBox(new Vec2(1, 2), 0, 2, 1);
        Span<Vec2> c = stackalloc Vec2[4];
        box.GetCorners(c);

        AssertPoint(3, 1, c[0]);
        AssertPoint(3, 3, c[1]);
        AssertPoint(-1, 3, c[2]);
        AssertPoint(-1, 1, c[3]);
    }

    // Compared by component: Vec2.ToString recurses without bound, so a failing Assert.Equal on Vec2 would crash the run.
    private static void AssertPoint(double x, double y, Vec2 actual)
    {
        Assert.Equal(x, actual.X);
        Assert.Equal(y, actual.Y);
    }

    [Fact]
    public void ToStringDoesNotRecurseThroughVec2()
    {
        var box = new OrientedBox(new Vec2(1.5, -2), 0.25, 2, 1);
        Assert.Equal("OrientedBox { Center = (1.5, -2), Heading = 0.25, HalfLength = 2, HalfWidth = 1 }", box.ToString());
    }

    [Fact]
    public void CornersOfRotatedBoxHavePositiveSignedArea()
    {
        var box = new OrientedBox(new Vec2(-3, 4), 2.3, 2.5, 0.9);
        Span<Vec2> c = stackalloc Vec2[4];
        box.GetCorners(c);

        // Shoelace: CCW order gives +area, and a rectangle's area is 4·hl·hw.
        double twiceArea = 0;
        for (int i = 0; i < 4; i++)
        {
            twiceArea += Vec2.Cross(c[i], c[(i + 1) % 4]);
        }

        Assert.Equal(4 * 2.5 * 0.9, 0.5 * twiceArea, 1e-9);
    }

    [Fact]
    public void GetCornersRejectsShortBuffer()
    {
        var box = new OrientedBox(Vec2.Zero, 0, 1, 1);
        Assert.Throws<ArgumentException>(() => box.GetCorners(new Vec2[3]));
    }

    [Fact]
    public void BoundsOfBoxRotated45DegreesByHand()
    {
        // Unit half-extent square rotated 45°: corners at distance √2 on the axes.
        var box = new OrientedBox(new Vec2(1, -1), Math.PI / 4, 1, 1);
        (Vec2 min, Vec2 max) = box.Bounds;

        Assert.Equal(1 - Math.Sqrt(2), min.X, Tol);
        Assert.Equal(-1 - Math.Sqrt(2), min.Y, Tol);
        Assert.Equal(1 + Math.Sqrt(2), max.X, Tol);
        Assert.Equal(-1 + Math.Sqrt(2), max.Y, Tol);
    }

    [Fact]
    public void BoundsEnclosesCornersTightly()
    {
        var rng = new Random(7);
        Span<Vec2> c = stackalloc Vec2[4];
        for (int k = 0; k < 1000; k++)
        {
            OrientedBox box = BruteForceGeometry.RandomBox(rng, 50, 3, 1.5);
            box.GetCorners(c);
            double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
            foreach (Vec2 v in c)
            {
                minX = Math.Min(minX, v.X);
                minY = Math.Min(minY, v.Y);
                maxX = Math.Max(maxX, v.X);
                maxY = Math.Max(maxY, v.Y);
            }

            (Vec2 min, Vec2 max) = box.Bounds;
            Assert.Equal(minX, min.X, 1e-9);
            Assert.Equal(minY, min.Y, 1e-9);
            Assert.Equal(maxX, max.X, 1e-9);
            Assert.Equal(maxY, max.Y, 1e-9);
        }
    }
}
