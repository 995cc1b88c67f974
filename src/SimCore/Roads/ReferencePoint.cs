namespace SimCore.Roads;

/// <summary>
/// A point on a reference line: world position, heading (radians, counter-clockwise from +x,
/// wrapped to (-pi, pi]) and signed curvature (1/m, positive turning left).
/// </summary>
/// <param name="X">World x (east), metres.</param>
/// <param name="Y">World y (north), metres.</param>
/// <param name="Heading">Tangent heading, radians.</param>
/// <param name="Curvature">Signed curvature, 1/m.</param>
public readonly record struct ReferencePoint(double X, double Y, double Heading, double Curvature);
