namespace SimCore.Roads;

/// <summary>An OpenDRIVE road <c>&lt;type&gt;</c> record: the road's type and speed limit from road s <see cref="S"/> on.</summary>
/// <param name="S">Road coordinate where the record starts, metres.</param>
/// <param name="Type">Type keyword, e.g. "motorway", "town", "rural".</param>
/// <param name="SpeedLimit">Speed limit in m/s; null when not given or "no limit".</param>
public sealed record RoadTypeRecord(double S, string Type, double? SpeedLimit);
