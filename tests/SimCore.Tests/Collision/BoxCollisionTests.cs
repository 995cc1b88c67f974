using SimCore.Collision;
using SimCore.Mathematics;

namespace SimCore.Tests.Collision;

public class BoxCollisionTests
{
    private const double Tol = 1e-9;

    // 4 m × 2 m box at the origin: x ∈ [-2, 2], y ∈ [-1, 1].
    private static readonly OrientedBox Origin = new(Vec2.Zero, 0, 2, 1);

    private static OrientedBox AxisAligned(double cx, double cy) => new(new Vec2(cx, cy), 0, 2, 1);

    private static void AssertSymmetric(in OrientedBox a, in OrientedBox b)
    {
        Assert.Equal(BoxCollision.Overlaps(a, b), BoxCollision.Overlaps(b, a));
        Assert.Equal(BoxCollision.Distance(a, b), BoxCollision.Distance(b, a));
        Assert.Equal(BoxCollision.PenetrationDepth(a, b), BoxCollision.PenetrationDepth(b, a));
    }

    [Fact]
    public void AxisAlignedOverlapAlongX()
    {
        // Second box spans x ∈ [1, 5]: 1 m of x overlap, 2 m of y overlap → depth is the x overlap.
        OrientedBox b = AxisAligned(3, 0);
        Assert.True(BoxCollision.Overlaps(Origin, b));
        Assert.Equal(0.0, BoxCollision.Distance(Origin, b));
        Assert.Equal(1.0, BoxCollision.PenetrationDepth(Origin, b), Tol);
        AssertSymmetric(Origin, b);
    }

    [Fact]
    public void AxisAlignedOverlapPicksSmallerAxis()
    {
        // Second box spans x ∈ [-1.5, 2.5], y ∈ [0.25, 2.25]: overlaps 3.5 in x and 0.75 in y.
        OrientedBox b = AxisAligned(0.5, 1.25);
        Assert.True(BoxCollision.Overlaps(Origin, b));
        Assert.Equal(0.75, BoxCollision.PenetrationDepth(Origin, b), Tol);
        AssertSymmetric(Origin, b);
    }

    [Fact]
    public void ContainedBoxOverlaps()
    {
        var small = new OrientedBox(new Vec2(0.5, 0.2), 0.3, 0.3, 0.2);
        Assert.True(BoxCollision.Overlaps(Origin, small));
        Assert.True(BoxCollision.Overlaps(small, Origin));
        Assert.Equal(0.0, BoxCollision.Distance(Origin, small));
        Assert.True(BoxCollision.PenetrationDepth(Origin, small) > 0);
    }

    [Fact]
    public void AxisAlignedSeparatedAlongX()
    {
        // x ∈ [3, 7]: 1 m gap.
        OrientedBox b = AxisAligned(5, 0.5);
        Assert.False(BoxCollision.Overlaps(Origin, b));
        Assert.Equal(1.0, BoxCollision.Distance(Origin, b), Tol);
        Assert.Equal(0.0, BoxCollision.PenetrationDepth(Origin, b));
        AssertSymmetric(Origin, b);
    }

    [Fact]
    public void EdgeTouchingIsNotOverlap()
    {
        // x ∈ [2, 6] shares the edge x = 2 exactly (all values exact in binary).
        OrientedBox b = AxisAligned(4, 0.5);
        Assert.False(BoxCollision.Overlaps(Origin, b));
        Assert.Equal(0.0, BoxCollision.Distance(Origin, b));
        Assert.Equal(0.0, BoxCollision.PenetrationDepth(Origin, b));
        AssertSymmetric(Origin, b);
    }

    [Fact]
    public void CornerTouchingIsNotOverlap()
    {
        // x ∈ [2, 6], y ∈ [1, 3]: only the corner (2, 1) is shared.
        OrientedBox b = AxisAligned(4, 2);
        Assert.False(BoxCollision.Overlaps(Origin, b));
        Assert.Equal(0.0, BoxCollision.Distance(Origin, b));
        Assert.Equal(0.0, BoxCollision.PenetrationDepth(Origin, b));
    }

    [Fact]
    public void DiagonalSeparationIsCornerToCornerDistance()
    {
        // Second box x ∈ [5, 9], y ∈ [5, 7]; nearest corners (2, 1) and (5, 5): √(3² + 4²) = 5.
        OrientedBox b = AxisAligned(7, 6);
        Assert.False(BoxCollision.Overlaps(Origin, b));
        Assert.Equal(5.0, BoxCollision.Distance(Origin, b), Tol);
        AssertSymmetric(Origin, b);
    }

    [Fact]
    public void ParallelSeparatedBoxesDistanceIsGap()
    {
        // Side by side: y ∈ [2.5, 4.5], x ranges overlap → gap 1.5 m.
        OrientedBox b = AxisAligned(1, 3.5);
        Assert.Equal(1.5, BoxCollision.Distance(Origin, b), Tol);
        AssertSymmetric(Origin, b);

        // Same configuration rotated to an arbitrary heading: gap is rigid-motion invariant.
        const double theta = 0.83;
        var ra = new OrientedBox(new Vec2(10, -4), theta, 2, 1);
        var rb = new OrientedBox(new Vec2(10, -4) + new Vec2(1, 3.5).Rotate(theta), theta, 2, 1);
        Assert.Equal(1.5, BoxCollision.Distance(ra, rb), Tol);
        AssertSymmetric(ra, rb);
    }

    [Fact]
    public void Rotated45CornerTouchingFaceMidpoint()
    {
        // Square of half-side 1 at the origin; diamond (same square at 45°) whose left corner
        // sits at (1, 0) when its centre is at x = 1 + √2.
        var square = new OrientedBox(Vec2.Zero, 0, 1, 1);
        double touch = 1 + Math.Sqrt(2);

        var apart = new OrientedBox(new Vec2(touch + 1e-6, 0), Math.PI / 4, 1, 1);
        Assert.False(BoxCollision.Overlaps(square, apart));
        Assert.Equal(1e-6, BoxCollision.Distance(square, apart), 1e-12);
        Assert.Equal(0.0, BoxCollision.PenetrationDepth(square, apart));
        AssertSymmetric(square, apart);

        var into = new OrientedBox(new Vec2(touch - 1e-6, 0), Math.PI / 4, 1, 1);
        Assert.True(BoxCollision.Overlaps(square, into));
        Assert.Equal(0.0, BoxCollision.Distance(square, into));
        // The x axis is the shallowest: on the diamond's own axes the overlap is ≈ √2 − 1/√2.
        Assert.Equal(1e-6, BoxCollision.PenetrationDepth(square, into), 1e-12);
        AssertSymmetric(square, into);
    }

    [Fact]
    public void Rotated45EdgeTouchingSquareCorner()
    {
        // Diamond's lower-left edge has outward normal (-1, -1)/√2 at distance 1 from its centre, so
        // centre (1, 1) + (1, 1)/√2 puts that edge through the square's corner (1, 1).
        var square = new OrientedBox(Vec2.Zero, 0, 1, 1);
        double s = 1 / Math.Sqrt(2);

        var apart = new OrientedBox(new Vec2(1 + s + 1e-6 * s, 1 + s + 1e-6 * s), Math.PI / 4, 1, 1);
        Assert.False(BoxCollision.Overlaps(square, apart));
        Assert.Equal(1e-6, BoxCollision.Distance(square, apart), 1e-12);

        var into = new OrientedBox(new Vec2(1 + s - 1e-6 * s, 1 + s - 1e-6 * s), Math.PI / 4, 1, 1);
        Assert.True(BoxCollision.Overlaps(square, into));
        Assert.Equal(1e-6, BoxCollision.PenetrationDepth(square, into), 1e-12);
        AssertSymmetric(square, into);
    }

    // Cars: 4.6 m × 1.8 m, reference point at the body centre unless stated.
    private const double CarLength = 4.6, CarWidth = 1.8;

    private static OrientedBox Car(double x, double y, double heading) =>
        OrientedBox.FromVehicle(x, y, heading, CarLength, CarWidth, 0);

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.7)]
    [InlineData(-2.9)]
    public void TBone(double sceneHeading)
    {
        // Car B drives north into A's right flank (y = -0.9). Its nose is at cy + 2.3.
        var frame = new Pose2(3, -8, sceneHeading);
        OrientedBox a = InFrame(frame, 0, 0, 0);

        OrientedBox hit = InFrame(frame, 0.4, -0.9 - 2.3 + 0.1, Math.PI / 2);
        Assert.True(BoxCollision.Overlaps(a, hit));
        Assert.Equal(0.1, BoxCollision.PenetrationDepth(a, hit), Tol);
        AssertSymmetric(a, hit);

        OrientedBox near = InFrame(frame, 0.4, -0.9 - 2.3 - 0.25, Math.PI / 2);
        Assert.False(BoxCollision.Overlaps(a, near));
        Assert.Equal(0.25, BoxCollision.Distance(a, near), Tol);
        AssertSymmetric(a, near);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.9)]
    public void RearEnd(double sceneHeading)
    {
        // Follower's nose at cx + 2.3 against leader's tail at -2.3, lateral offset 0.3 m.
        var frame = new Pose2(-20, 5, sceneHeading);
        OrientedBox leader = InFrame(frame, 0, 0, 0);

        OrientedBox bumped = InFrame(frame, -4.6 + 0.2, 0.3, 0);
        Assert.True(BoxCollision.Overlaps(leader, bumped));
        Assert.Equal(0.2, BoxCollision.PenetrationDepth(leader, bumped), Tol);

        OrientedBox following = InFrame(frame, -4.6 - 0.8, 0.3, 0);
        Assert.False(BoxCollision.Overlaps(leader, following));
        Assert.Equal(0.8, BoxCollision.Distance(leader, following), Tol);
        AssertSymmetric(leader, following);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.1)]
    public void HeadOn(double sceneHeading)
    {
        // Oncoming car faces -x; noses 0.4 m apart, then 0.05 m into each other.
        var frame = new Pose2(100, 100, sceneHeading);
        OrientedBox a = InFrame(frame, 0, 0, 0);

        OrientedBox gap = InFrame(frame, 4.6 + 0.4, 0, Math.PI);
        Assert.False(BoxCollision.Overlaps(a, gap));
        Assert.Equal(0.4, BoxCollision.Distance(a, gap), Tol);

        OrientedBox crash = InFrame(frame, 4.6 - 0.05, 0.5, Math.PI);
        Assert.True(BoxCollision.Overlaps(a, crash));
        Assert.Equal(0.05, BoxCollision.PenetrationDepth(a, crash), Tol);
        AssertSymmetric(a, crash);

        // Passing in the adjacent lane: 3.5 m lane offset leaves 1.7 m between flanks.
        OrientedBox passing = InFrame(frame, 1.0, 3.5, Math.PI);
        Assert.False(BoxCollision.Overlaps(a, passing));
        Assert.Equal(1.7, BoxCollision.Distance(a, passing), Tol);
    }

    private static OrientedBox InFrame(Pose2 frame, double x, double y, double heading)
    {
        Vec2 p = frame.TransformPoint(new Vec2(x, y));
        return Car(p.X, p.Y, frame.Heading + heading);
    }
}
