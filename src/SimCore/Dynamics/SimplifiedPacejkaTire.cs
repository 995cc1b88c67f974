namespace SimCore.Dynamics;

/// <summary>
/// Simplified Pacejka "magic formula": F = -D sin(C atan(B a - E (B a - atan(B a)))) with
/// peak D = mu Fz and stiffness factor B = C_alpha / (C D), so the slope at zero slip equals
/// the cornering stiffness and the force never exceeds the friction limit.
/// </summary>
public sealed class SimplifiedPacejkaTire : ITireModel
{
    /// <summary>Creates a tyre with the given shape and curvature factors.</summary>
    /// <param name="shapeFactor">C, between 1 and 2; about 1.3 is typical for lateral force.</param>
    /// <param name="curvatureFactor">E, at most 1; shapes the curve around the peak.</param>
    public SimplifiedPacejkaTire(double shapeFactor = 1.3, double curvatureFactor = 0.0)
    {
        // C <= 1 never reaches the peak; C >= 2 makes the force change sign at large slip.
        if (!(shapeFactor > 1 && shapeFactor < 2))
        {
            throw new ArgumentOutOfRangeException(nameof(shapeFactor), shapeFactor, "shapeFactor (C) must be between 1 and 2, exclusive");
        }
        if (!(curvatureFactor <= 1) || double.IsInfinity(curvatureFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(curvatureFactor), curvatureFactor, "curvatureFactor (E) must be finite and at most 1");
        }
        ShapeFactor = shapeFactor;
        CurvatureFactor = curvatureFactor;
    }

    /// <summary>A shared instance with C = 1.3 and E = 0.</summary>
    public static SimplifiedPacejkaTire Default { get; } = new();

    /// <summary>Shape factor C.</summary>
    public double ShapeFactor { get; }

    /// <summary>Curvature factor E.</summary>
    public double CurvatureFactor { get; }

    /// <inheritdoc />
    public double LateralForce(double slipAngle, double normalLoad, double corneringStiffness, double mu)
    {
        double d = mu * normalLoad;
        if (!(d > 0))
        {
            // An unloaded wheel (lifted, or mu = 0) transmits nothing; also avoids B = C/0.
            return 0;
        }
        double b = corneringStiffness / (ShapeFactor * d);
        double ba = b * slipAngle;
        double e = CurvatureFactor;
        // E = 0 (the default) needs no inner arctangent; this runs in every RK4 stage.
        double x = e == 0 ? ba : ba - e * (ba - Math.Atan(ba));
        return -d * Math.Sin(ShapeFactor * Math.Atan(x));
    }
}
