namespace SimCore.Traffic;

/// <summary>OpenSCENARIO routeStrategy: what the path to a waypoint minimises.</summary>
internal enum RouteStrategy
{
    /// <summary>Distance driven.</summary>
    Shortest,

    /// <summary>Time at the roads' speed limits (50 km/h where a road gives none).</summary>
    Fastest,

    /// <summary>Junctions crossed, then distance.</summary>
    LeastIntersections,

    /// <summary>Any path: distance with every road weighted by a random factor drawn from the run's seed.</summary>
    Random,
}
