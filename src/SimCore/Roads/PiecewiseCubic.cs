namespace SimCore.Roads;

/// <summary>
/// A sequence of OpenDRIVE cubic records with start offsets (laneOffset, lane width): each record
/// holds from its start until the next record's start, evaluated at ds = s - start.
/// </summary>
/// <remarks>
/// Before the first record the first record's value at its own start applies (with zero
/// derivative) rather than an extrapolation of the cubic backwards. With no records the
/// function is 0 everywhere. Records with equal starts: the later one wins.
/// </remarks>
public sealed class PiecewiseCubic
{
    private readonly double[] _starts;
    private readonly CubicPolynomial[] _polys;

    /// <summary>Creates the function from records sorted by start.</summary>
    /// <exception cref="ArgumentException">Records out of order or not finite.</exception>
    public PiecewiseCubic(IReadOnlyList<(double Start, CubicPolynomial Poly)> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        _starts = new double[records.Count];
        _polys = new CubicPolynomial[records.Count];
        for (int i = 0; i < records.Count; i++)
        {
            (double start, CubicPolynomial poly) = records[i];
            if (!double.IsFinite(start) || !double.IsFinite(poly.A) || !double.IsFinite(poly.B)
                || !double.IsFinite(poly.C) || !double.IsFinite(poly.D))
            {
                throw new ArgumentException($"record {i} (sOffset={start}) is not finite", nameof(records));
            }
            if (i > 0 && start < _starts[i - 1])
            {
                throw new ArgumentException(
                    $"record {i} starts at sOffset={start}, before record {i - 1} at sOffset={_starts[i - 1]}; records must be sorted",
                    nameof(records));
            }
            _starts[i] = start;
            _polys[i] = poly;
        }
    }

    /// <summary>A function equal to <paramref name="value"/> everywhere.</summary>
    public static PiecewiseCubic Constant(double value) => new([(0.0, new CubicPolynomial(value, 0, 0, 0))]);

    /// <summary>The records, in order.</summary>
    public IReadOnlyList<(double Start, CubicPolynomial Poly)> Records
    {
        get
        {
            var list = new (double, CubicPolynomial)[_starts.Length];
            for (int i = 0; i < list.Length; i++)
            {
                list[i] = (_starts[i], _polys[i]);
            }
            return list;
        }
    }

    /// <summary>Value at <paramref name="s"/>.</summary>
    public double Evaluate(double s)
    {
        int i = Index(s);
        if (i < 0)
        {
            return _polys.Length == 0 ? 0 : _polys[0].A;
        }
        return _polys[i].Evaluate(s - _starts[i]);
    }

    /// <summary>Derivative with respect to s at <paramref name="s"/>.</summary>
    public double Derivative(double s)
    {
        int i = Index(s);
        return i < 0 ? 0 : _polys[i].Derivative(s - _starts[i]);
    }

    /// <summary>Last record starting at or before s; -1 when none.</summary>
    private int Index(double s)
    {
        double[] starts = _starts;
        if (starts.Length == 0 || !(s >= starts[0]))
        {
            return -1;
        }
        return starts.Length == 1 ? 0 : SortedStarts.IndexAtOrBefore(starts, s);
    }
}
