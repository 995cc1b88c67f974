namespace SimCore.Roads;

/// <summary>
/// One OpenDRIVE junction <c>&lt;connection&gt;</c>: traffic from <see cref="IncomingRoad"/> enters
/// <see cref="ConnectingRoad"/> at <see cref="ContactPoint"/>, lane by lane as <see cref="LaneLinks"/> say.
/// </summary>
public sealed class JunctionConnection
{
    private readonly JunctionLaneLink[] _laneLinks;

    /// <summary>Creates a connection.</summary>
    public JunctionConnection(string id, string incomingRoad, string connectingRoad, ContactPoint contactPoint, IReadOnlyList<JunctionLaneLink> laneLinks)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(incomingRoad);
        ArgumentNullException.ThrowIfNull(connectingRoad);
        ArgumentNullException.ThrowIfNull(laneLinks);
        Id = id;
        IncomingRoad = incomingRoad;
        ConnectingRoad = connectingRoad;
        ContactPoint = contactPoint;
        _laneLinks = [.. laneLinks];
    }

    /// <summary>Connection id, unique within its junction.</summary>
    public string Id { get; }

    /// <summary>Id of the road traffic comes from.</summary>
    public string IncomingRoad { get; }

    /// <summary>Id of the road inside the junction that traffic enters.</summary>
    public string ConnectingRoad { get; }

    /// <summary>Which end of the connecting road traffic enters.</summary>
    public ContactPoint ContactPoint { get; }

    /// <summary>Lane links, in file order.</summary>
    public IReadOnlyList<JunctionLaneLink> LaneLinks => _laneLinks;

    /// <summary>The connecting-road lane that lane <paramref name="from"/> of the incoming road continues onto.</summary>
    public bool TryMapLane(int from, out int to)
    {
        foreach (JunctionLaneLink link in _laneLinks)
        {
            if (link.From == from)
            {
                to = link.To;
                return true;
            }
        }
        to = 0;
        return false;
    }
}
