namespace SimCore.Roads;

/// <summary>
/// 10-point Gauss-Legendre quadrature. Exact for polynomials up to degree 19, so on panels where
/// the integrand's phase or slope changes by less than about a radian the error is far below 1e-12.
/// </summary>
internal static class GaussLegendre
{
    // Positive half of the symmetric node set on [-1, 1] and the matching weights.
    private static readonly double[] Nodes =
    [
        0.1488743389816312108848260, 0.4333953941292471907992659, 0.6794095682990244062343274,
        0.8650633666889845107320967, 0.9739065285171717200779640,
    ];

    private static readonly double[] Weights =
    [
        0.2955242247147528701738930, 0.2692667193099963550912269, 0.2190863625159820439955349,
        0.1494513491505805931457763, 0.0666713443086881375935688,
    ];

    /// <summary>Integrates <paramref name="f"/> over [a, b].</summary>
    public static double Integrate(in CubicCurveSpeed f, double a, double b)
    {
        double half = 0.5 * (b - a);
        double mid = 0.5 * (a + b);
        double sum = 0;
        for (int i = 0; i < Nodes.Length; i++)
        {
            double d = half * Nodes[i];
            sum += Weights[i] * (f.At(mid - d) + f.At(mid + d));
        }
        return sum * half;
    }

    // The 5-point rule (exact to degree 9): nodes 0, +-Nodes5, weights Centre5 and Weights5.
    private const double Centre5 = 128.0 / 225.0;
    private static readonly double[] Nodes5 = [0.5384693101056830910363144, 0.9061798459386639927976269];
    private static readonly double[] Weights5 = [0.4786286704993664680412915, 0.2369268850561890875142640];

    /// <summary>
    /// Integrates <paramref name="f"/> over [a, b] with 5 points, for panels at most half an
    /// arc-length table interval (half a metre or so) long: there a cubic curve's speed is so
    /// near a low-degree polynomial that the error stays below 1e-12 m, at half the cost.
    /// </summary>
    public static double IntegrateShort(in CubicCurveSpeed f, double a, double b)
    {
        double half = 0.5 * (b - a);
        double mid = 0.5 * (a + b);
        double sum = Centre5 * f.At(mid);
        for (int i = 0; i < Nodes5.Length; i++)
        {
            double d = half * Nodes5[i];
            sum += Weights5[i] * (f.At(mid - d) + f.At(mid + d));
        }
        return sum * half;
    }

    /// <summary>
    /// Integrates (cos, sin) of the quadratic phase h0 + k*tau + c*tau^2/2 over tau in [0, len];
    /// this is the clothoid position increment, written out to avoid a delegate per call.
    /// </summary>
    public static (double Dx, double Dy) IntegrateClothoid(double h0, double k, double c, double len)
    {
        double half = 0.5 * len;
        double dx = 0, dy = 0;
        for (int i = 0; i < Nodes.Length; i++)
        {
            double d = half * Nodes[i];
            double ta = half - d, tb = half + d;
            double pa = h0 + ta * (k + 0.5 * c * ta);
            double pb = h0 + tb * (k + 0.5 * c * tb);
            (double sa, double ca) = Math.SinCos(pa);
            (double sb, double cb) = Math.SinCos(pb);
            dx += Weights[i] * (ca + cb);
            dy += Weights[i] * (sa + sb);
        }
        return (dx * half, dy * half);
    }
}
