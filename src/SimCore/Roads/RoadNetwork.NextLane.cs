namespace SimCore.Roads;

// Lane continuity across road ends: which road and lane a vehicle drives onto past a road's end.
public sealed partial class RoadNetwork
{
    /// <summary>
    /// The road and lane a vehicle on lane <paramref name="laneId"/> of <paramref name="road"/>
    /// continues onto past the road's end (<paramref name="atEnd"/> true, following the successor
    /// link) or its start (false, the predecessor link). Through a road link the lane's own
    /// successor/predecessor lane link gives the lane (no lane link: no continuation). Through a
    /// junction the first connection whose incoming road is <paramref name="road"/> and which has a
    /// lane link from <paramref name="laneId"/> is taken, or the one entering
    /// <paramref name="preferredConnectingRoad"/> when that one qualifies.
    /// <paramref name="entersAtStart"/> says whether the vehicle enters the next road at s = 0
    /// (and so drives along +s when it keeps going forward). Allocates nothing.
    /// </summary>
    /// <returns>False when the road ends there, or no link or lane link leads on.</returns>
    public bool TryGetNextLane(
        Road road,
        int laneId,
        bool atEnd,
        out Road next,
        out int nextLane,
        out bool entersAtStart,
        string? preferredConnectingRoad = null)
    {
        ArgumentNullException.ThrowIfNull(road);
        next = null!;
        nextLane = 0;
        entersAtStart = false;
        RoadLink? link = atEnd ? road.Successor : road.Predecessor;
        if (link is null)
        {
            return false;
        }
        if (link.ElementType == LinkElementType.Road)
        {
            LaneSection sec = atEnd ? road.Sections[^1] : road.Sections[0];
            Lane? lane = sec.GetLane(laneId);
            int? to = lane is null ? null : atEnd ? lane.Successor : lane.Predecessor;
            Road? target = Find(link.RoadId);
            if (to is not int toLane || target is null)
            {
                return false;
            }
            next = target;
            nextLane = toLane;
            entersAtStart = link.ContactPoint == ContactPoint.Start;
            return true;
        }

        Junction? junction = FindJunction(link.RoadId);
        if (junction is null)
        {
            return false;
        }
        JunctionConnection? chosen = null;
        int chosenLane = 0;
        foreach (JunctionConnection c in junction.ConnectionArray)
        {
            if (!string.Equals(c.IncomingRoad, road.Id, StringComparison.Ordinal) || !c.TryMapLane(laneId, out int to))
            {
                continue;
            }
            bool preferred = preferredConnectingRoad is not null && string.Equals(c.ConnectingRoad, preferredConnectingRoad, StringComparison.Ordinal);
            if (chosen is null || preferred)
            {
                chosen = c;
                chosenLane = to;
                if (preferred || preferredConnectingRoad is null)
                {
                    break;
                }
            }
        }
        if (chosen is null || Find(chosen.ConnectingRoad) is not Road connecting)
        {
            return false;
        }
        next = connecting;
        nextLane = chosenLane;
        entersAtStart = chosen.ContactPoint == ContactPoint.Start;
        return true;
    }
}
