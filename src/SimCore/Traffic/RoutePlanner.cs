using SimCore.Mathematics;
using SimCore.Randomness;
using SimCore.Roads;
using SimCore.Scenarios;

namespace SimCore.Traffic;

/// <summary>
/// Lays a route out on the roads: from each waypoint to the next, the path over road links and
/// junction connections that the next waypoint's routeStrategy prefers (Dijkstra over roads
/// driven in either direction). The first waypoint's heading says which way the route leaves it;
/// when nothing is reachable that way, the other way is tried (esmini does the same).
/// </summary>
internal static class RoutePlanner
{
    private const double DefaultSpeed = 50 / 3.6;
    private const double JunctionPenalty = 1e7;

    public static RoutePath? Plan(RoadNetwork network, IReadOnlyList<ResolvedPosition> waypoints, IReadOnlyList<RouteStrategy> strategies,
        ulong seed, ulong stream, out string? error)
    {
        error = null;
        if (waypoints.Count < 2)
        {
            error = "a route needs at least two waypoints";
            return null;
        }
        for (int i = 0; i < waypoints.Count; i++)
        {
            if (waypoints[i].Road is null)
            {
                error = $"waypoint {i + 1} is on no road";
                return null;
            }
        }
        var index = new Dictionary<Road, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < network.Roads.Count; i++)
        {
            index[network.Roads[i]] = i;
        }
        ResolvedPosition first = waypoints[0];
        double rel = Angles.WrapPi(first.Heading - first.Road!.ReferenceLine.Evaluate(first.S).Heading);
        int direction = Math.Abs(rel) <= Math.PI / 2 ? 1 : -1;
        var legs = new List<RouteLeg>();
        for (int i = 0; i + 1 < waypoints.Count; i++)
        {
            List<RouteLeg>? part = Between(network, index, waypoints[i], direction, waypoints[i + 1], strategies[Math.Min(i + 1, strategies.Count - 1)], seed, stream);
            if (part is null && i == 0)
            {
                direction = -direction;
                part = Between(network, index, waypoints[i], direction, waypoints[i + 1], strategies[Math.Min(i + 1, strategies.Count - 1)], seed, stream);
            }
            if (part is null)
            {
                error = $"no way along the roads from waypoint {i + 1} (road '{waypoints[i].Road!.Id}') to waypoint {i + 2} (road '{waypoints[i + 1].Road!.Id}')";
                return null;
            }
            foreach (RouteLeg l in part)
            {
                if (legs.Count > 0 && ReferenceEquals(legs[^1].Road, l.Road) && legs[^1].Direction == l.Direction && Math.Abs(legs[^1].To - l.From) < 1e-9)
                {
                    legs[^1] = legs[^1] with { To = l.To };
                }
                else
                {
                    legs.Add(l);
                }
            }
            direction = part[^1].Direction;
        }
        RouteLeg last = legs[^1];
        legs[^1] = last with { To = last.Direction > 0 ? last.Road.Length : 0 };
        return new RoutePath(legs);
    }

    private static List<RouteLeg>? Between(RoadNetwork network, Dictionary<Road, int> index, ResolvedPosition a, int dirA, ResolvedPosition b,
        RouteStrategy strategy, ulong seed, ulong stream)
    {
        Road ra = a.Road!, rb = b.Road!;
        if (ReferenceEquals(ra, rb) && (dirA > 0 ? b.S >= a.S : b.S <= a.S))
        {
            return new List<RouteLeg> { new(ra, dirA, a.S, b.S) };
        }
        int n = network.Roads.Count;
        int sink = 2 * n;
        var cost = new double[2 * n + 1];
        var parent = new int[2 * n + 1];
        Array.Fill(cost, double.PositiveInfinity);
        Array.Fill(parent, -1);
        var done = new bool[2 * n + 1];
        int start = Node(index[ra], dirA);
        cost[start] = 0;
        var queue = new PriorityQueue<int, (double, int)>();
        int order = 0;
        queue.Enqueue(start, (0, order++));
        while (queue.TryDequeue(out int node, out _))
        {
            if (done[node])
            {
                continue;
            }
            done[node] = true;
            if (node == sink)
            {
                break;
            }
            Road road = network.Roads[node >> 1];
            int dir = (node & 1) == 0 ? 1 : -1;
            double driven = node == start ? (dir > 0 ? road.Length - a.S : a.S) : road.Length;
            double leave = cost[node] + Weight(strategy, road, driven, seed, stream, node >> 1);
            foreach ((Road next, int nextDir) in Successors(network, road, dir))
            {
                int to = Node(index[next], nextDir);
                if (!done[to] && leave < cost[to])
                {
                    cost[to] = leave;
                    parent[to] = node;
                    queue.Enqueue(to, (leave, order++));
                }
                if (ReferenceEquals(next, rb))
                {
                    // Reaching the target waypoint on its road: the partial distance to it.
                    double partial = nextDir > 0 ? b.S : rb.Length - b.S;
                    double total = leave + Weight(strategy, rb, partial, seed, stream, index[rb]);
                    if (total < cost[sink])
                    {
                        cost[sink] = total;
                        parent[sink] = to;
                        queue.Enqueue(sink, (total, order++));
                    }
                }
            }
        }
        if (parent[sink] < 0)
        {
            return null;
        }
        var nodes = new List<int>();
        for (int v = parent[sink]; v >= 0; v = parent[v])
        {
            nodes.Add(v);
            if (v == start)
            {
                break;
            }
        }
        nodes.Reverse();
        var legs = new List<RouteLeg>();
        for (int i = 0; i < nodes.Count; i++)
        {
            Road road = network.Roads[nodes[i] >> 1];
            int dir = (nodes[i] & 1) == 0 ? 1 : -1;
            double from = i == 0 ? a.S : dir > 0 ? 0 : road.Length;
            double to = i == nodes.Count - 1 ? b.S : dir > 0 ? road.Length : 0;
            legs.Add(new RouteLeg(road, dir, from, to));
        }
        return legs;
    }

    private static int Node(int road, int dir) => 2 * road + (dir > 0 ? 0 : 1);

    private static double Weight(RouteStrategy strategy, Road road, double metres, ulong seed, ulong stream, int roadIndex) => strategy switch
    {
        RouteStrategy.Fastest => metres / (road.SpeedLimit is > 0 and double v ? v : DefaultSpeed),
        RouteStrategy.LeastIntersections => metres + (road.JunctionId is not null ? JunctionPenalty : 0),
        RouteStrategy.Random => metres * (1 + 9 * CounterRandom.Uniform(seed, stream, (ulong)roadIndex, 0)),
        _ => metres,
    };

    /// <summary>The roads, and the direction they are driven in, beyond the end of <paramref name="road"/> driven in <paramref name="dir"/>.</summary>
    private static IEnumerable<(Road Road, int Dir)> Successors(RoadNetwork network, Road road, int dir)
    {
        RoadLink? link = dir > 0 ? road.Successor : road.Predecessor;
        if (link is null)
        {
            yield break;
        }
        if (!link.IsJunction)
        {
            if (network.Find(link.RoadId) is { } next)
            {
                yield return (next, link.ContactPoint == ContactPoint.Start ? 1 : -1);
            }
            yield break;
        }
        if (network.FindJunction(link.ElementId) is not { } junction)
        {
            yield break;
        }
        foreach (JunctionConnection c in junction.Connections)
        {
            if (c.IncomingRoad == road.Id && c.LaneLinks.Count > 0 && network.Find(c.ConnectingRoad) is { } connecting)
            {
                yield return (connecting, c.ContactPoint == ContactPoint.Start ? 1 : -1);
            }
        }
    }
}
