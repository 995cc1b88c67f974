namespace SimCore.Roads;

/// <summary>An OpenDRIVE <c>&lt;junction&gt;</c>: the connections through which incoming roads continue.</summary>
public sealed class Junction
{
    private readonly JunctionConnection[] _connections;

    /// <summary>Creates a junction.</summary>
    public Junction(string id, string? name, IReadOnlyList<JunctionConnection> connections)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(connections);
        Id = id;
        Name = name;
        _connections = [.. connections];
    }

    /// <summary>Junction id.</summary>
    public string Id { get; }

    /// <summary>Junction name, if any.</summary>
    public string? Name { get; }

    /// <summary>Connections, in file order.</summary>
    public IReadOnlyList<JunctionConnection> Connections => _connections;

    // Array access for the allocation-free lookup in RoadNetwork.TryGetNextLane.
    internal JunctionConnection[] ConnectionArray => _connections;
}
