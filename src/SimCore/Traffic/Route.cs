using SimCore.Scenarios;

namespace SimCore.Traffic;

/// <summary>
/// A route assigned to an entity (OpenSCENARIO AssignRouteAction): waypoints in order, each with
/// its route strategy. Kept on the entity for the choices at junctions.
/// </summary>
internal sealed record Route(string Name, IReadOnlyList<PositionSpec> Waypoints, IReadOnlyList<string> Strategies, bool Closed);
