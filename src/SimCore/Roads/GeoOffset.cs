namespace SimCore.Roads;

/// <summary>The OpenDRIVE header <c>&lt;offset&gt;</c>: shift of the inertial frame relative to the georeference.</summary>
/// <param name="X">x offset, metres.</param>
/// <param name="Y">y offset, metres.</param>
/// <param name="Z">z offset, metres.</param>
/// <param name="Heading">Heading offset, radians.</param>
public readonly record struct GeoOffset(double X, double Y, double Z, double Heading);
