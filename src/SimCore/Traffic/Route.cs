using SimCore.Scenarios;
using SimCore.Simulation;

namespace SimCore.Traffic;

/// <summary>
/// A route as written (OpenSCENARIO Route): waypoints in order, each with the strategy of the
/// path that reaches it. Laid out on the roads when used (<see cref="Lay"/>): waypoints may be
/// relative to entities.
/// </summary>
internal sealed record Route(string Name, IReadOnlyList<PositionSpec> Waypoints, IReadOnlyList<RouteStrategy> Strategies, bool Closed)
{
    /// <summary>Resolves the waypoints and plans the path through them; null with <paramref name="error"/> when impossible.</summary>
    public RoutePath? Lay(World world, out string? error)
    {
        var points = new ResolvedPosition[Waypoints.Count];
        for (int i = 0; i < points.Length; i++)
        {
            if (!Waypoints[i].TryResolve(world, out points[i], out error))
            {
                error = $"waypoint {i + 1} of route '{Name}': {error}";
                return null;
            }
        }
        RoutePath? path = RoutePlanner.Plan(world.Network, points, Strategies, world.Seed, Stream(Name), out error);
        if (error is not null)
        {
            error = $"route '{Name}': {error}";
        }
        return path;
    }

    // A random strategy draws from a stream named after the route, so routes differ from each other.
    private static ulong Stream(string name)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in name)
        {
            h = (h ^ c) * 1099511628211UL;
        }
        return h;
    }
}
