namespace Perception.Uncertainty;

/// <summary>
/// How much the members of an ensemble (the same detector trained with different seeds) disagree
/// about a frame, from their class heatmaps (docs/perception-models.md, "Ensemble disagreement").
/// Per output cell, each member's K sigmoid logits l_k become a categorical distribution over
/// "background" and the K classes: q_0 = 1 / (1 + sum_j e^l_j), q_k = e^l_k / (1 + sum_j e^l_j),
/// i.e. the member's independent per-class Bernoulli scores conditioned on at most one class being
/// present (softmax of [0, l_1, ..., l_K]; for K = 1 it is (1 - p, p)). The cell's mutual
/// information (BALD) is H(mean_m q^m) - mean_m H(q^m), in bits: 0 when the members agree, at most
/// log2(min(M, K + 1)). A frame's disagreement is the maximum and the mean of it over the cells.
/// With a focus class c the distribution is collapsed to (1 - q_c, q_c) first.
/// </summary>
/// <remarks>
/// Add each member's heatmap of a frame, then <see cref="Finish"/>. Buffers are made once; a frame
/// allocates nothing. Not thread-safe.
/// </remarks>
public sealed class EnsembleDisagreement
{
    private readonly int _classes;
    private readonly int _cells;
    private readonly int _focus;
    private readonly int _outcomes;
    private readonly double[] _meanQ;
    private readonly double[] _meanH;
    private readonly double[] _q;
    private int _members;

    /// <summary>A frame accumulator for heatmaps of <paramref name="classes"/> planes of <paramref name="cells"/> cells each.</summary>
    /// <param name="classes">K, the heatmap's class planes.</param>
    /// <param name="cells">Cells of one plane (rows x columns).</param>
    /// <param name="focusClass">A class index to collapse the distribution onto (class vs the rest), or -1 for all classes.</param>
    public EnsembleDisagreement(int classes, int cells, int focusClass = -1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cells, 1);
        if (focusClass < -1 || focusClass >= classes)
        {
            throw new ArgumentOutOfRangeException(nameof(focusClass), focusClass, $"a class index 0..{classes - 1}, or -1 for all classes");
        }
        (_classes, _cells, _focus) = (classes, cells, focusClass);
        _outcomes = focusClass < 0 ? classes + 1 : 2;
        _meanQ = new double[cells * _outcomes];
        _meanH = new double[cells];
        _q = new double[classes + 1];
    }

    /// <summary>Members added since the last <see cref="Finish"/>.</summary>
    public int Members => _members;

    /// <summary>Adds one member's heatmap of the frame: logits [K, cells], plane after plane.</summary>
    public void Add(ReadOnlySpan<float> heatmap)
    {
        if (heatmap.Length != _classes * _cells)
        {
            throw new ArgumentException($"a heatmap of {_classes} x {_cells} cells has {_classes * _cells} logits, not {heatmap.Length}", nameof(heatmap));
        }
        for (int x = 0; x < _cells; x++)
        {
            CellDistribution(heatmap, x);
            Span<double> sum = _meanQ.AsSpan(x * _outcomes, _outcomes);
            double h = 0;
            for (int o = 0; o < _outcomes; o++)
            {
                double q = Outcome(o);
                sum[o] += q;
                h -= q > 0 ? q * Math.Log2(q) : 0;
            }
            _meanH[x] += h;
        }
        _members++;
    }

    /// <summary>
    /// The frame's disagreement over the members added, and a reset for the next frame.
    /// Frames with fewer than two members have none (0, 0).
    /// </summary>
    public FrameDisagreement Finish()
    {
        double max = 0, total = 0;
        int members = _members;
        if (members >= 2)
        {
            double inv = 1.0 / members;
            for (int x = 0; x < _cells; x++)
            {
                double hMean = 0;
                ReadOnlySpan<double> sum = _meanQ.AsSpan(x * _outcomes, _outcomes);
                for (int o = 0; o < _outcomes; o++)
                {
                    double q = sum[o] * inv;
                    hMean -= q > 0 ? q * Math.Log2(q) : 0;
                }
                // Rounding can leave -1e-16 where the members agree exactly.
                double mi = Math.Max(0, hMean - _meanH[x] * inv);
                max = Math.Max(max, mi);
                total += mi;
            }
        }
        Array.Clear(_meanQ);
        Array.Clear(_meanH);
        _members = 0;
        return new FrameDisagreement(max, members >= 2 ? total / _cells : 0, members);
    }

    /// <summary>Softmax of [0, l_1, ..., l_K] at cell x into _q, shifted by the largest logit against overflow.</summary>
    private void CellDistribution(ReadOnlySpan<float> heatmap, int x)
    {
        double top = 0;
        for (int k = 0; k < _classes; k++)
        {
            top = Math.Max(top, heatmap[k * _cells + x]);
        }
        double z = _q[0] = Math.Exp(-top);
        for (int k = 0; k < _classes; k++)
        {
            z += _q[k + 1] = Math.Exp(heatmap[k * _cells + x] - top);
        }
        for (int o = 0; o <= _classes; o++)
        {
            _q[o] /= z;
        }
    }

    /// <summary>Outcome o of the (possibly collapsed) distribution at the cell last set.</summary>
    private double Outcome(int o) => _focus < 0 ? _q[o] : (o == 1 ? _q[_focus + 1] : 1 - _q[_focus + 1]);
}
