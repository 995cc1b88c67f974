using SimCore.Mathematics;

namespace SimCore.Roads;

/// <summary>A set of roads with unique ids, the junctions joining them, and the file's header data.</summary>
public sealed partial class RoadNetwork
{
    private RoadGraph? _graph;

    /// <summary>Road-to-road adjacency for route choices, built on first use.</summary>
    internal RoadGraph Graph => _graph ??= new RoadGraph(this);

    // Headings within this of each other count as equally good when choosing among roads.
    private const double HeadingTieTolerance = 0.01;

    private readonly Road[] _roads;
    private readonly Dictionary<string, Road> _byId;
    private readonly Junction[] _junctions;
    private readonly Dictionary<string, Junction> _junctionsById;

    /// <summary>Creates a network.</summary>
    /// <param name="roads">The roads, ids unique.</param>
    /// <param name="junctions">The junctions, ids unique; none when null.</param>
    /// <param name="header">Header data of the file the network came from, if any.</param>
    /// <exception cref="ArgumentException">Two roads or two junctions share an id.</exception>
    public RoadNetwork(IReadOnlyList<Road> roads, IReadOnlyList<Junction>? junctions = null, RoadNetworkHeader? header = null)
    {
        ArgumentNullException.ThrowIfNull(roads);
        _roads = new Road[roads.Count];
        _byId = new Dictionary<string, Road>(roads.Count, StringComparer.Ordinal);
        for (int i = 0; i < roads.Count; i++)
        {
            Road road = roads[i] ?? throw new ArgumentException($"road {i} is null", nameof(roads));
            if (!_byId.TryAdd(road.Id, road))
            {
                throw new ArgumentException($"duplicate road id '{road.Id}'", nameof(roads));
            }
            _roads[i] = road;
        }
        _junctions = junctions is null ? [] : [.. junctions];
        _junctionsById = new Dictionary<string, Junction>(_junctions.Length, StringComparer.Ordinal);
        foreach (Junction j in _junctions)
        {
            if (j is null || !_junctionsById.TryAdd(j.Id, j))
            {
                throw new ArgumentException(j is null ? "a junction is null" : $"duplicate junction id '{j.Id}'", nameof(junctions));
            }
        }
        Header = header;
    }

    private Dictionary<string, RoadSignal>? _signals;

    /// <summary>OpenDRIVE signal controllers (signals switched together); empty when the file has none.</summary>
    public IReadOnlyList<RoadSignalController> SignalControllers { get; init; } = [];

    /// <summary>The signal with id <paramref name="id"/> on any road, or null.</summary>
    public RoadSignal? FindSignal(string id)
    {
        if (_signals is null)
        {
            var all = new Dictionary<string, RoadSignal>(StringComparer.Ordinal);
            foreach (Road r in _roads)
            {
                foreach (RoadSignal sig in r.Signals)
                {
                    all.TryAdd(sig.Id, sig);
                }
            }
            _signals = all;
        }
        return _signals.GetValueOrDefault(id);
    }

    /// <summary>Every signal of the network, road by road in file order.</summary>
    public IEnumerable<RoadSignal> Signals => _roads.SelectMany(r => r.Signals);

    /// <summary>The junctions, in the order given.</summary>
    public IReadOnlyList<Junction> Junctions => _junctions;

    /// <summary>Header data (OpenDRIVE header, georeference), if the network came from a file that has one.</summary>
    public RoadNetworkHeader? Header { get; }

    /// <summary>The junction with id <paramref name="id"/>, or null.</summary>
    public Junction? FindJunction(string id) => _junctionsById.GetValueOrDefault(id);

    /// <summary>The roads, in the order given.</summary>
    public IReadOnlyList<Road> Roads => _roads;

    /// <summary>The road with id <paramref name="id"/>, or null.</summary>
    public Road? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>
    /// Locates a world point on the network. Preference, in order: roads whose lanes contain the
    /// point; roads with a perpendicular foot (point not beyond an end); smallest distance to the
    /// lanes (0 inside). Among roads containing the point, <paramref name="headingHint"/> (the
    /// entity's heading) picks the one whose lane driving direction matches best (right-hand
    /// traffic: right lanes run along +s, left lanes against it); remaining ties go to the
    /// smallest offset from the lane centre, then to the earlier road.
    /// </summary>
    /// <returns>False only for an empty network.</returns>
    public bool TryLocate(Vec2 point, out RoadCoordinate coord, double? headingHint = null)
    {
        coord = default;
        bool found = false;
        int bestTier = int.MaxValue;
        double bestDistance = double.PositiveInfinity, bestHeading = double.PositiveInfinity, bestCentre = double.PositiveInfinity;
        foreach (Road road in _roads)
        {
            bool perpendicular = road.TryProject(point, out RoadCoordinate c);
            double distance;
            if (c.LaneId != 0)
            {
                distance = 0;
            }
            else
            {
                (int min, int max) = road.LaneIdRange(c.S);
                road.Borders(max, c.S, out _, out double left, out _, out _);
                road.Borders(min, c.S, out _, out double right, out _, out _);
                distance = c.T > left ? c.T - left : c.T < right ? right - c.T : 0;
            }
            if (!perpendicular)
            {
                // Beyond an end: count the distance past the end too, via the world distance.
                Pose2 foot = road.ToWorld(c.S, c.T);
                distance = Math.Max(distance, (point - foot.Position).Length);
            }
            int tier = c.LaneId != 0 && perpendicular ? 0 : perpendicular ? 1 : 2;
            double heading = 0;
            if (headingHint is double hint)
            {
                double roadHeading = road.HeadingAt(c.S, c.T);
                double along = Math.Abs(Angles.WrapPi(hint - roadHeading));
                double against = Math.Abs(Angles.WrapPi(hint - roadHeading - Math.PI));
                heading = c.LaneId == 0 ? Math.Min(along, against) : road.LaneDirection(c.LaneId) > 0 ? along : against;
            }
            double centre = Math.Abs(c.LaneOffset);
            if (!found || IsBetter(tier, distance, heading, centre, bestTier, bestDistance, bestHeading, bestCentre))
            {
                found = true;
                coord = c;
                bestTier = tier;
                bestDistance = distance;
                bestHeading = heading;
                bestCentre = centre;
            }
        }
        return found;
    }

    private static bool IsBetter(int tier, double distance, double heading, double centre, int bestTier, double bestDistance, double bestHeading, double bestCentre)
    {
        if (tier != bestTier)
        {
            return tier < bestTier;
        }
        if (Math.Abs(distance - bestDistance) > 1e-9)
        {
            return distance < bestDistance;
        }
        if (Math.Abs(heading - bestHeading) > HeadingTieTolerance)
        {
            return heading < bestHeading;
        }
        return centre < bestCentre - 1e-9;
    }
}
