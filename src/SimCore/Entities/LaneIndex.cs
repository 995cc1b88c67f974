using SimCore.Roads;

namespace SimCore.Entities;

/// <summary>
/// Entities on roads sorted by (road, lane, s), rebuilt once per step so that every car-following
/// query finds its leader in O(1) instead of scanning all entities. Buffers are reused: rebuilding
/// allocates nothing once the entity count is stable.
/// </summary>
internal sealed class LaneIndex
{
    private int[] _order = Array.Empty<int>();
    private int[] _positionOf = Array.Empty<int>();
    private int[] _scratch = Array.Empty<int>();
    private int _count;
    private Entity[] _entities = Array.Empty<Entity>();
    private RoadNetwork? _network;
    private readonly Dictionary<Road, int> _roadOrdinal = new(ReferenceEqualityComparer.Instance);

    public void Rebuild(Entity[] entities, RoadNetwork network)
    {
        _entities = entities;
        _network = network;
        if (_roadOrdinal.Count != network.Roads.Count)
        {
            _roadOrdinal.Clear();
            for (int i = 0; i < network.Roads.Count; i++)
            {
                _roadOrdinal[network.Roads[i]] = i;
            }
        }
        if (_order.Length < entities.Length)
        {
            _order = new int[entities.Length];
            _scratch = new int[entities.Length];
            _positionOf = new int[entities.Length];
            Array.Fill(_positionOf, -1);
            _count = 0;
        }
        // Start from last step's order (then any newcomers) so the sort below has little to do.
        int previous = _count;
        _count = 0;
        for (int i = 0; i < previous; i++)
        {
            int idx = _order[i];
            if (entities[idx].Road is not null && entities[idx].LaneId != 0 && entities[idx].SeenByTraffic)
            {
                _scratch[_count++] = idx;
            }
        }
        foreach (Entity e in entities)
        {
            if (e.Road is not null && e.LaneId != 0 && e.SeenByTraffic && _positionOf[e.Index] < 0)
            {
                _scratch[_count++] = e.Index;
            }
        }
        (_order, _scratch) = (_scratch, _order);
        foreach (Entity e in entities)
        {
            _positionOf[e.Index] = -1;
        }
        // Insertion sort from the previous step's order: entities move little per step, so the
        // order is nearly sorted and this is linear; it also allocates nothing (Span.Sort with a
        // comparer builds a delegate every call).
        for (int i = 1; i < _count; i++)
        {
            int item = _order[i];
            int j = i - 1;
            while (j >= 0 && CompareKey(_order[j], item) > 0)
            {
                _order[j + 1] = _order[j];
                j--;
            }
            _order[j + 1] = item;
        }
        for (int i = 0; i < _count; i++)
        {
            _positionOf[_order[i]] = i;
        }
    }

    private int Ordinal(Road r) => _roadOrdinal[r];

    private int CompareKey(int a, int b)
    {
        Entity ea = _entities[a], eb = _entities[b];
        int c = Ordinal(ea.Road!).CompareTo(Ordinal(eb.Road!));
        if (c != 0)
        {
            return c;
        }
        c = ea.LaneId.CompareTo(eb.LaneId);
        if (c != 0)
        {
            return c;
        }
        c = ea.S.CompareTo(eb.S);
        return c != 0 ? c : a.CompareTo(b);
    }

    /// <summary>
    /// The nearest entity ahead of <paramref name="e"/> in its lane and direction of travel, with the
    /// bumper-to-bumper gap along s; follows one road link past the end of the road.
    /// </summary>
    public Entity? FindLeader(Entity e, out double gap)
    {
        gap = double.PositiveInfinity;
        int pos = _positionOf[e.Index];
        if (pos < 0)
        {
            return null;
        }
        Road road = e.Road!;
        int dir = e.Direction;
        int next = pos + dir;
        if (next >= 0 && next < _count)
        {
            Entity cand = _entities[_order[next]];
            if (ReferenceEquals(cand.Road, road) && cand.LaneId == e.LaneId)
            {
                gap = (cand.S - e.S) * dir - FrontExtent(e) - RearExtent(cand);
                return cand;
            }
        }
        // Past the end of this road: the first entity in the lane it continues onto.
        string? preferred = Traffic.RouteNavigator.PreferredConnection(e, _network!, road, dir > 0);
        if (!_network!.TryGetNextLane(road, e.LaneId, dir > 0, out Road nextRoad, out int lane, out bool entersAtStart, preferred)
            || !_roadOrdinal.ContainsKey(nextRoad))
        {
            return null;
        }
        double remaining = dir > 0 ? road.Length - e.S : e.S;
        int found = FindExtreme(nextRoad, lane, entersAtStart);
        if (found < 0 || found == e.Index)
        {
            return null;
        }
        Entity leader = _entities[found];
        double into = entersAtStart ? leader.S : nextRoad.Length - leader.S;
        gap = remaining + into - FrontExtent(e) - RearExtent(leader);
        return leader;
    }

    private int FindExtreme(Road road, int lane, bool lowestS)
    {
        int best = -1;
        // Sorted runs are contiguous; a linear scan keeps the code simple and runs only at road ends.
        for (int i = 0; i < _count; i++)
        {
            Entity c = _entities[_order[i]];
            if (ReferenceEquals(c.Road, road) && c.LaneId == lane)
            {
                best = _order[i];
                if (lowestS)
                {
                    return best;
                }
            }
            else if (best >= 0)
            {
                return best;
            }
        }
        return best;
    }

    public static double FrontExtent(Entity e) => e.CenterOffsetX + 0.5 * e.Length;

    public static double RearExtent(Entity e) => 0.5 * e.Length - e.CenterOffsetX;
}
