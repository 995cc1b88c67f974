namespace SimCore.Roads;

/// <summary>A speed limit from <see cref="Start"/> on (OpenDRIVE lane or road-type <c>&lt;speed&gt;</c>), converted to m/s.</summary>
/// <param name="Start">Start: metres from the lane section start for a lane, road s for a road type.</param>
/// <param name="Max">Limit in m/s; null for "no limit" / "undefined".</param>
public readonly record struct SpeedRecord(double Start, double? Max);
