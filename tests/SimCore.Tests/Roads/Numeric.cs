namespace SimCore.Tests.Roads;

/// <summary>Independent reference computations (composite Simpson), deliberately unlike the code under test.</summary>
internal static class Numeric
{
    public static double Simpson(Func<double, double> f, double a, double b, int steps)
    {
        if (steps % 2 == 1)
        {
            steps++;
        }
        double h = (b - a) / steps;
        double sum = f(a) + f(b);
        for (int i = 1; i < steps; i++)
        {
            sum += f(a + i * h) * (i % 2 == 1 ? 4 : 2);
        }
        return sum * h / 3;
    }

    /// <summary>Clothoid end point by Simpson integration of x' = cos h(s), y' = sin h(s).</summary>
    public static (double X, double Y) Clothoid(double x0, double y0, double h0, double k0, double k1, double length, double ds, int steps = 100_000)
    {
        double rate = (k1 - k0) / length;
        double H(double s) => h0 + k0 * s + rate * s * s / 2;
        return (x0 + Simpson(s => Math.Cos(H(s)), 0, ds, steps), y0 + Simpson(s => Math.Sin(H(s)), 0, ds, steps));
    }

    /// <summary>Parameter at which the arc length of a curve with speed <paramref name="speed"/> reaches <paramref name="target"/>, by bisection.</summary>
    public static double ParamAtLength(Func<double, double> speed, double pEnd, double target)
    {
        double lo = 0, hi = pEnd;
        for (int i = 0; i < 60; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Simpson(speed, 0, mid, 20_000) < target)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }
}
