namespace SimCore.Mathematics;

/// <summary>Angle helpers (radians throughout).</summary>
public static class Angles
{
    /// <summary>Wraps an angle into (-pi, pi].</summary>
    public static double WrapPi(double a)
    {
        if (a > -Math.PI && a <= Math.PI)
        {
            return a;
        }
        a = Math.IEEERemainder(a, 2 * Math.PI);
        return a <= -Math.PI ? a + 2 * Math.PI : a;
    }

    /// <summary>Wraps an angle into [0, 2 pi), the convention of esmini's output.</summary>
    public static double WrapTwoPi(double a)
    {
        a %= 2 * Math.PI;
        return a < 0 ? a + 2 * Math.PI : a;
    }

    /// <summary>Degrees to radians.</summary>
    public static double FromDegrees(double deg) => deg * (Math.PI / 180.0);

    /// <summary>Radians to degrees.</summary>
    public static double ToDegrees(double rad) => rad * (180.0 / Math.PI);
}
