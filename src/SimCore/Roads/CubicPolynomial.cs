namespace SimCore.Roads;

/// <summary>A cubic a + b ds + c ds^2 + d ds^3, as OpenDRIVE uses for widths and offsets.</summary>
/// <param name="A">Constant term.</param>
/// <param name="B">Linear coefficient.</param>
/// <param name="C">Quadratic coefficient.</param>
/// <param name="D">Cubic coefficient.</param>
public readonly record struct CubicPolynomial(double A, double B, double C, double D)
{
    /// <summary>Value at <paramref name="ds"/>.</summary>
    public double Evaluate(double ds) => A + ds * (B + ds * (C + ds * D));

    /// <summary>First derivative at <paramref name="ds"/>.</summary>
    public double Derivative(double ds) => B + ds * (2 * C + 3 * ds * D);
}
