namespace SimCore.Roads;

/// <summary>
/// |dC/dp| of a cubic curve u(p) = aU + bU p + cU p^2 + dU p^3, v(p) likewise: what arc-length
/// tables integrate. A struct, so quadrature calls it directly instead of through a delegate.
/// </summary>
internal readonly struct CubicCurveSpeed(double bU, double cU, double dU, double bV, double cV, double dV)
{
    /// <summary>A poly3 v(u) as the curve (u, v(u)): du/du is exactly 1, so the result is sqrt(1 + v'^2).</summary>
    public static CubicCurveSpeed OfPoly3(double b, double c, double d) => new(1, 0, 0, b, c, d);

    /// <summary>The speed at parameter <paramref name="p"/>.</summary>
    public double At(double p)
    {
        double du = bU + p * (2 * cU + 3 * p * dU);
        double dv = bV + p * (2 * cV + 3 * p * dV);
        return Math.Sqrt(du * du + dv * dv);
    }
}
