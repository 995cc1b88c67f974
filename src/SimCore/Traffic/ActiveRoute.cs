namespace SimCore.Traffic;

/// <summary>
/// A route being driven: the roads of its waypoints in order, the next one to reach, and the path
/// laid out through them (null when it could not be laid out: junction choices then aim at the
/// next waypoint's road in the fewest hops).
/// </summary>
internal sealed class ActiveRoute
{
    public ActiveRoute(Route definition, string[] waypointRoads, RoutePath? path)
    {
        Definition = definition;
        WaypointRoads = waypointRoads;
        Path = path;
    }

    public Route Definition { get; }

    public string[] WaypointRoads { get; }

    public RoutePath? Path { get; }

    public int Next { get; private set; }

    /// <summary>The road of the next waypoint not yet reached; null once all are.</summary>
    public string? Target => Next < WaypointRoads.Length ? WaypointRoads[Next] : null;

    /// <summary>Marks every waypoint on <paramref name="roadId"/> (and consecutive ones on it) reached.</summary>
    public void Arrive(string roadId)
    {
        while (Next < WaypointRoads.Length && WaypointRoads[Next] == roadId)
        {
            Next++;
        }
    }

    // The last answer of the navigator: a vehicle asks every step while it looks past a road end.
    private Roads.Road? _askedRoad;
    private bool _askedAtEnd;
    private int _askedNext = -1;
    private string? _answer;

    public bool TryRecall(Roads.Road road, bool atEnd, out string? answer)
    {
        answer = _answer;
        return ReferenceEquals(road, _askedRoad) && atEnd == _askedAtEnd && _askedNext == Next;
    }

    public void Remember(Roads.Road road, bool atEnd, string? answer)
    {
        _askedRoad = road;
        _askedAtEnd = atEnd;
        _askedNext = Next;
        _answer = answer;
    }
}
