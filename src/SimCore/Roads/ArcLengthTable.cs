namespace SimCore.Roads;

/// <summary>
/// Arc length of a parametric curve as a function of its parameter p in [0, pEnd], tabulated on
/// a uniform grid (Gauss-Legendre per interval) and inverted by safeguarded Newton iteration.
/// Curves are cubic (poly3, paramPoly3), so the speed is a <see cref="CubicCurveSpeed"/>.
/// </summary>
internal sealed class ArcLengthTable
{
    private readonly CubicCurveSpeed _speed; // |dC/dp|
    private readonly double _dp;
    private readonly int _intervals;
    private Grid? _grid;

    /// <summary>
    /// The tabulated values, built on the first use rather than with the road: a scenario drives on
    /// a few of a map's curves, and loading need not integrate the others. Any thread may build
    /// them; all build the same values, and one set is kept.
    /// </summary>
    private sealed class Grid(double[] cumulative, double[] nodeSpeed)
    {
        public readonly double[] Cumulative = cumulative; // arc length at p = i * _dp
        public readonly double[] NodeSpeed = nodeSpeed;   // |dC/dp| at p = i * _dp, for the Hermite first guess
    }

    public ArcLengthTable(in CubicCurveSpeed speed, double pEnd, int intervals)
    {
        _speed = speed;
        _intervals = Math.Max(1, intervals);
        _dp = pEnd / _intervals;
        ParamEnd = pEnd;
    }

    private Grid Values
    {
        get
        {
            Grid? grid = Volatile.Read(ref _grid);
            if (grid is null)
            {
                var cumulative = new double[_intervals + 1];
                var nodeSpeed = new double[_intervals + 1];
                for (int i = 0; i <= _intervals; i++)
                {
                    nodeSpeed[i] = _speed.At(i * _dp);
                }
                for (int i = 0; i < _intervals; i++)
                {
                    cumulative[i + 1] = cumulative[i] + GaussLegendre.Integrate(_speed, i * _dp, (i + 1) * _dp);
                }
                grid = new Grid(cumulative, nodeSpeed);
                grid = Interlocked.CompareExchange(ref _grid, grid, null) ?? grid;
            }
            return grid;
        }
    }

    /// <summary>Grid intervals sized about a metre of arc, within sane bounds.</summary>
    public static int IntervalsFor(double length) => (int)Math.Clamp(Math.Ceiling(length), 16, 8192);

    public double ParamEnd { get; }

    public double Total => Values.Cumulative[^1];

    /// <summary>Parameter values of the grid nodes, for curvature scans.</summary>
    public int NodeCount => _intervals + 1;

    public double NodeParam(int i) => i * _dp;

    /// <summary>Parameter at arc length <paramref name="s"/> (clamped to [0, Total]).</summary>
    public double ParamAt(double s)
    {
        if (_dp <= 0 || s <= 0)
        {
            return 0;
        }
        Grid grid = Values;
        double[] cum = grid.Cumulative;
        if (s >= cum[^1])
        {
            return ParamEnd;
        }
        // Intervals hold about equal arc length, so the proportional guess is usually the one; the
        // search below only narrows [lo, hi] while cum[lo] <= s < cum[hi], so the interval found
        // is the same whatever the guess.
        int lo = Math.Min((int)(s / cum[^1] * (cum.Length - 1)), cum.Length - 2), hi;
        if (cum[lo] > s)
        {
            (lo, hi) = (0, lo);
        }
        else if (cum[lo + 1] <= s)
        {
            (lo, hi) = (lo + 1, cum.Length - 1);
        }
        else
        {
            hi = lo + 1;
        }
        while (hi - lo > 1)
        {
            int mid = (lo + hi) >> 1;
            if (cum[mid] <= s)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        double p0 = lo * _dp, p1 = (lo + 1) * _dp;
        double a = p0, b = p1;
        double p = FirstGuess(grid, lo, s);
        for (int iter = 0; iter < 50; iter++)
        {
            // From the nearer node: a panel of at most half the interval, which 5 points integrate
            // to far below a micrometre (the 10-point rule here cost a tenth of the run).
            double g = p - p0 <= p1 - p
                ? cum[lo] + GaussLegendre.IntegrateShort(_speed, p0, p) - s
                : cum[lo + 1] - GaussLegendre.IntegrateShort(_speed, p, p1) - s;
            if (g > 0)
            {
                b = p;
            }
            else
            {
                a = p;
            }
            double v = _speed.At(p);
            double next = v > 1e-300 ? p - g / v : 0.5 * (a + b);
            if (!(next >= a && next <= b))
            {
                next = 0.5 * (a + b); // Newton left the bracket: bisect instead
            }
            else if (Math.Abs(g) < 1e-7)
            {
                // Quadratic convergence: a residual this small leaves an error near 1e-14 m after
                // this step, so take it without paying for another integral.
                return next;
            }
            if (b - a <= 1e-15 * (1 + Math.Abs(p)))
            {
                return next;
            }
            p = next;
        }
        return p;
    }

    /// <summary>
    /// Cubic Hermite interpolation of p(s) across the interval, using dp/ds = 1/speed at its
    /// nodes: on metre-sized intervals it is typically within 1e-6 m, so one Newton step suffices.
    /// </summary>
    private double FirstGuess(Grid grid, int i, double s)
    {
        double s0 = grid.Cumulative[i], s1 = grid.Cumulative[i + 1];
        double h = s1 - s0;
        double p0 = i * _dp;
        if (h <= 0)
        {
            return p0;
        }
        double x = (s - s0) / h;
        double v0 = grid.NodeSpeed[i], v1 = grid.NodeSpeed[i + 1];
        if (v0 < 1e-9 * h / _dp || v1 < 1e-9 * h / _dp)
        {
            return p0 + _dp * x; // a node at a cusp: its slope dp/ds is unbounded
        }
        double x2 = x * x, x3 = x2 * x;
        double guess = p0 * (2 * x3 - 3 * x2 + 1) + h / v0 * (x3 - 2 * x2 + x)
            + (p0 + _dp) * (-2 * x3 + 3 * x2) + h / v1 * (x3 - x2);
        return Math.Clamp(guess, p0, p0 + _dp);
    }
}
