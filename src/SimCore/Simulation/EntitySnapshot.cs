namespace SimCore.Simulation;

/// <summary>One entity's state at the current time, for trajectory output.</summary>
/// <param name="Name">Entity name.</param>
/// <param name="X">World x of the reference point (m).</param>
/// <param name="Y">World y (m).</param>
/// <param name="Z">World z (m).</param>
/// <param name="Heading">Heading in [0, 2 pi).</param>
/// <param name="Speed">Longitudinal speed (m/s).</param>
/// <param name="HasRoad">True when the road coordinates below are known.</param>
/// <param name="RoadId">Road the entity is on.</param>
/// <param name="RoadS">s on that road (m).</param>
/// <param name="LaneId">Lane id (0 outside lanes).</param>
/// <param name="LaneOffset">Lateral offset from the lane centre (m, positive left of the reference line).</param>
public readonly record struct EntitySnapshot(string Name, double X, double Y, double Z, double Heading, double Speed,
    bool HasRoad, string? RoadId, double RoadS, int LaneId, double LaneOffset);
