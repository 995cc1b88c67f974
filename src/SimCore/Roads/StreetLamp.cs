namespace SimCore.Roads;

/// <summary>
/// A street lamp beside a road: its head (the light) at road coordinates (<see cref="S"/>, <see cref="T"/>),
/// <see cref="Height"/> metres above the road's elevation there. OpenDRIVE: an object of type <c>streetLamp</c>.
/// </summary>
/// <param name="S">Distance along the reference line (m).</param>
/// <param name="T">Lateral offset from the reference line, left positive (m).</param>
/// <param name="Height">Height of the lamp head above the reference line's elevation (m).</param>
public readonly record struct StreetLamp(double S, double T, double Height);
