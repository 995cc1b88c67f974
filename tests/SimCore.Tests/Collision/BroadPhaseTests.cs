using SimCore.Collision;
using SimCore.Mathematics;

namespace SimCore.Tests.Collision;

public class BroadPhaseTests
{
    private static OrientedBox[] RandomScene(int seed, int count)
    {
        var rng = new Random(seed);
        var boxes = new OrientedBox[count];
        for (int i = 0; i < count; i++)
        {
            // 500 car-sized boxes in 200 m × 200 m: dense enough for a few hundred candidate pairs.
            boxes[i] = BruteForceGeometry.RandomBox(rng, 100, 3, 1.5);
        }

        return boxes;
    }

    private static List<(int A, int B)> BruteForcePairs(OrientedBox[] boxes, double margin)
    {
        var pairs = new List<(int A, int B)>();
        for (int i = 0; i < boxes.Length; i++)
        {
            for (int j = i + 1; j < boxes.Length; j++)
            {
                if (BruteForceGeometry.AabbOverlap(boxes[i], boxes[j], margin))
                {
                    pairs.Add((i, j));
                }
            }
        }

        return pairs;
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(2.0)]
    public void MatchesBruteForceAabbPairsExactly(double margin)
    {
        OrientedBox[] boxes = RandomScene(4242, 500);
        var broad = new BroadPhase();
        var pairs = new List<(int A, int B)>();

        broad.FindOverlappingPairs(boxes, pairs, margin);

        List<(int A, int B)> expected = BruteForcePairs(boxes, margin);
        Assert.True(expected.Count > 50, $"scene too sparse: {expected.Count} pairs");
        // Brute force enumerates in (A, B) order already, so this also checks the ordering contract.
        Assert.Equal(expected, pairs);
    }

    [Fact]
    public void EveryTrulyOverlappingPairIsACandidate()
    {
        OrientedBox[] boxes = RandomScene(777, 500);
        var pairs = new List<(int A, int B)>();
        new BroadPhase().FindOverlappingPairs(boxes, pairs);
        var candidates = new HashSet<(int, int)>(pairs);

        int overlapping = 0;
        for (int i = 0; i < boxes.Length; i++)
        {
            for (int j = i + 1; j < boxes.Length; j++)
            {
                if (BoxCollision.Overlaps(boxes[i], boxes[j]))
                {
                    overlapping++;
                    Assert.Contains((i, j), candidates);
                }
            }
        }

        Assert.True(overlapping > 10, $"scene has too few overlaps to test: {overlapping}");
    }

    [Fact]
    public void ResultIndependentOfInstanceHistoryAndCapacity()
    {
        OrientedBox[] boxes = RandomScene(1, 300);
        var fresh = new List<(int A, int B)>();
        new BroadPhase(0).FindOverlappingPairs(boxes, fresh);

        // A reused instance that has seen a larger, different scene must give the same answer.
        var reused = new BroadPhase(1000);
        var pairs = new List<(int A, int B)> { (-1, -1) };
        reused.FindOverlappingPairs(RandomScene(2, 800), pairs, 5);
        reused.FindOverlappingPairs(boxes, pairs);

        Assert.Equal(fresh, pairs);
    }

    [Fact]
    public void HandBuiltScene()
    {
        OrientedBox[] boxes =
        [
            new(new Vec2(0, 0), 0, 2, 1),        // x ∈ [-2, 2], y ∈ [-1, 1]
            new(new Vec2(20, 0), 0, 2, 1),       // far right
            new(new Vec2(3, 0.5), 0, 2, 1),      // overlaps 0
            new(new Vec2(4, 2), 0, 2, 1),        // AABB corner-touches 0 at (2, 1); overlaps 2
            new(new Vec2(0, 5), Math.PI / 2, 2, 1), // y ∈ [3, 7]: 2 m above 0
        ];
        var pairs = new List<(int A, int B)>();
        var broad = new BroadPhase(2);

        broad.FindOverlappingPairs(boxes, pairs);
        Assert.Equal([(0, 2), (0, 3), (2, 3)], pairs);

        // Each AABB grown by 1 m closes the 2 m gap between 0 and 4 exactly.
        broad.FindOverlappingPairs(boxes, pairs, 1.0);
        Assert.Equal([(0, 2), (0, 3), (0, 4), (2, 3), (2, 4), (3, 4)], pairs);
    }

    [Fact]
    public void EmptyAndSingleInputsClearOutput()
    {
        var broad = new BroadPhase();
        var pairs = new List<(int A, int B)> { (0, 1) };
        broad.FindOverlappingPairs(ReadOnlySpan<OrientedBox>.Empty, pairs);
        Assert.Empty(pairs);

        pairs.Add((0, 1));
        broad.FindOverlappingPairs(new[] { new OrientedBox(Vec2.Zero, 0, 1, 1) }, pairs);
        Assert.Empty(pairs);
    }

    [Fact]
    public void RejectsBadArguments()
    {
        var broad = new BroadPhase();
        OrientedBox[] boxes = [new(Vec2.Zero, 0, 1, 1)];
        Assert.Throws<ArgumentOutOfRangeException>(() => new BroadPhase(-1));
        Assert.Throws<ArgumentNullException>(() => broad.FindOverlappingPairs(boxes, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => broad.FindOverlappingPairs(boxes, [], -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => broad.FindOverlappingPairs(boxes, [], double.NaN));
    }

    [Fact]
    public void SteadyStateCallsDoNotAllocate()
    {
        OrientedBox[] boxes = RandomScene(31337, 500);
        var broad = new BroadPhase(16);
        var pairs = new List<(int A, int B)>();

        // Warm-up grows the buffers and the output list and lets the JIT settle.
        for (int i = 0; i < 20; i++)
        {
            broad.FindOverlappingPairs(boxes, pairs, 0.5);
            broad.FindOverlappingPairs(boxes, pairs);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            broad.FindOverlappingPairs(boxes, pairs, 0.5);
            broad.FindOverlappingPairs(boxes, pairs);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.NotEmpty(pairs);
    }
}
