using SimCore.Entities;

namespace SimCore.Driver;

/// <summary>An object a perception model detected, in the world frame (x east, y north, z up).</summary>
/// <param name="Kind">What it was classified as.</param>
/// <param name="X">Box centre x (m).</param>
/// <param name="Y">Box centre y (m).</param>
/// <param name="Z">Box centre z (m).</param>
/// <param name="Length">Box length along the heading (m).</param>
/// <param name="Width">Box width (m).</param>
/// <param name="Height">Box height (m).</param>
/// <param name="Heading">Heading (rad, counter-clockwise from +x).</param>
/// <param name="Vx">Velocity over ground, x (m/s; 0 when the model gives none).</param>
/// <param name="Vy">Velocity over ground, y (m/s).</param>
public readonly record struct DetectedObject(EntityKind Kind, double X, double Y, double Z, double Length, double Width, double Height, double Heading, double Vx, double Vy);
