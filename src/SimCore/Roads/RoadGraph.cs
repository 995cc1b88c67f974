namespace SimCore.Roads;

/// <summary>
/// Which roads follow which, through road links and junction connections: enough to count the
/// hops from one road to another when a route must choose a connection at a junction.
/// </summary>
internal sealed class RoadGraph
{
    private readonly Dictionary<string, List<string>> _next = new(StringComparer.Ordinal);

    public RoadGraph(RoadNetwork network)
    {
        foreach (Road r in network.Roads)
        {
            var list = new List<string>();
            foreach (RoadLink? link in new[] { r.Successor, r.Predecessor })
            {
                if (link is null)
                {
                    continue;
                }
                if (!link.IsJunction)
                {
                    list.Add(link.RoadId);
                }
                else if (network.FindJunction(link.ElementId) is { } j)
                {
                    list.AddRange(j.ConnectionArray.Where(c => c.IncomingRoad == r.Id).Select(c => c.ConnectingRoad));
                }
            }
            _next[r.Id] = list;
        }
    }

    /// <summary>Road hops from <paramref name="from"/> to <paramref name="to"/> (breadth first); int.MaxValue when unreachable.</summary>
    public int Hops(string from, string to)
    {
        if (from == to)
        {
            return 0;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal) { from };
        var frontier = new List<string> { from };
        for (int hops = 1; frontier.Count > 0; hops++)
        {
            var next = new List<string>();
            foreach (string r in frontier)
            {
                if (!_next.TryGetValue(r, out List<string>? outs))
                {
                    continue;
                }
                foreach (string o in outs)
                {
                    if (o == to)
                    {
                        return hops;
                    }
                    if (seen.Add(o))
                    {
                        next.Add(o);
                    }
                }
            }
            frontier = next;
        }
        return int.MaxValue;
    }
}
