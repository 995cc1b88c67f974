namespace SimCore.Roads;

/// <summary>A position expressed in road coordinates.</summary>
/// <param name="Road">The road.</param>
/// <param name="S">Road coordinate along the reference line, metres.</param>
/// <param name="T">Lateral offset from the reference line, metres, positive left.</param>
/// <param name="LaneId">Lane containing the point; 0 when outside every lane.</param>
/// <param name="LaneOffset">T minus the lane centre's t (minus the centre lane's t when LaneId is 0), metres.</param>
public readonly record struct RoadCoordinate(Road Road, double S, double T, int LaneId, double LaneOffset);
