using SimCore.Mathematics;
using SimCore.Simulation;
using static SimCore.Tests.OpenScenario.Xosc;

namespace SimCore.Tests.OpenScenario;

/// <summary>
/// Relative positions from an entity that drives against the road's s (lane 1 of the test road,
/// heading west at s = 50): the ds forms count along the road, the dsLane form along the entity's
/// lane and direction of travel (checked against esmini's placements of the same forms).
/// </summary>
public sealed class RelativePositionFormTests
{
    private static EntitySnapshot Placed(string position)
    {
        string xml = Doc(Xosc.Entities("Ref", "X"), Place("Ref", Lane(1, 50), 0) + Place("X", position, 0));
        var snap = new EntitySnapshot[2];
        new Simulator(Load(xml)).GetSnapshot(snap);
        return snap[1];
    }

    [Fact]
    public void RelativeRoadPositionCountsAlongTheRoadAndFacesAlongIt()
    {
        EntitySnapshot x = Placed("""<RelativeRoadPosition entityRef="Ref" ds="10" dt="-1"/>""");
        Assert.Equal(60, x.X, 9);
        Assert.Equal(1.75 - 1, x.Y, 9);
        Assert.Equal(0, Angles.WrapPi(x.Heading), 9);
    }

    [Fact]
    public void RelativeLanePositionWithDsCountsLanesByIdAlongTheRoad()
    {
        // Lane 1 - 1 (skipping 0) is lane -1, 10 m on along s, offset along t, facing along the road.
        EntitySnapshot x = Placed("""<RelativeLanePosition entityRef="Ref" dLane="-1" ds="10" offset="0.5"/>""");
        Assert.Equal(60, x.X, 9);
        Assert.Equal(-1.75 + 0.5, x.Y, 9);
        Assert.Equal(-1, x.LaneId);
        Assert.Equal(0, Angles.WrapPi(x.Heading), 9);
    }

    [Fact]
    public void RelativeLanePositionWithDsLaneCountsInTheDirectionOfTravel()
    {
        // Driving west: 10 m ahead is s = 40; one lane to its left (south) is lane -1; an offset
        // of 0.5 to its left is 0.5 m further south; facing lane -1's direction, east.
        EntitySnapshot x = Placed("""<RelativeLanePosition entityRef="Ref" dLane="1" dsLane="10" offset="0.5"/>""");
        Assert.Equal(40, x.X, 9);
        Assert.Equal(-1.75 - 0.5, x.Y, 9);
        Assert.Equal(-1, x.LaneId);
        Assert.Equal(0, Angles.WrapPi(x.Heading), 9);
    }
}
