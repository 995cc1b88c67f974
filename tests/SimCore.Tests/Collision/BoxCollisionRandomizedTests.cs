using SimCore.Collision;

namespace SimCore.Tests.Collision;

public class BoxCollisionRandomizedTests
{
    [Fact]
    public void OverlapsAgreesWithPolygonBruteForce()
    {
        var rng = new Random(20240611);
        int overlapping = 0;
        for (int k = 0; k < 10_000; k++)
        {
            OrientedBox a = BruteForceGeometry.RandomBox(rng, 4, 3, 1.5);
            OrientedBox b = BruteForceGeometry.RandomBox(rng, 4, 3, 1.5);
            bool expected = BruteForceGeometry.PolygonsOverlap(BruteForceGeometry.Corners(a), BruteForceGeometry.Corners(b));

            bool actual = BoxCollision.Overlaps(a, b);
            if (expected != actual)
            {
                Assert.Fail($"pair {k}: brute force {expected}, SAT {actual}; a={a} b={b}");
            }

            Assert.Equal(actual, BoxCollision.Overlaps(b, a));
            Assert.Equal(actual, BoxCollision.PenetrationDepth(a, b) > 0);
            Assert.Equal(actual, BoxCollision.Distance(a, b) == 0);
            overlapping += actual ? 1 : 0;
        }

        // Both outcomes must be well represented or the comparison proves little.
        Assert.InRange(overlapping, 2_000, 8_000);
    }

    [Fact]
    public void DistanceMatchesDenseBoundarySampling()
    {
        var rng = new Random(99);
        const int samples = 2_000;
        int checkedPairs = 0;
        while (checkedPairs < 200)
        {
            OrientedBox a = BruteForceGeometry.RandomBox(rng, 6, 3, 1.5);
            OrientedBox b = BruteForceGeometry.RandomBox(rng, 6, 3, 1.5);
            if (BoxCollision.Overlaps(a, b))
            {
                continue;
            }

            double d = BoxCollision.Distance(a, b);
            double sampled = BruteForceGeometry.SampledDistance(a, b, samples);
            // Sampling overestimates by at most half the spacing along the longest edge (≤ 6.2 m).
            Assert.InRange(d, sampled - 6.2 / samples, sampled + 1e-12);
            Assert.Equal(d, BoxCollision.Distance(b, a), 1e-12);
            checkedPairs++;
        }
    }
}
