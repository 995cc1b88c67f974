using Perception.Uncertainty;

namespace Perception.Tests;

/// <summary>
/// The ensemble's per-cell mutual information against its closed form, on hand-made heatmaps.
/// Per cell a member's distribution is q = softmax([0, l_1, ..., l_K]) (background first).
/// </summary>
public class EnsembleDisagreementTests
{
    private static double H(params double[] q) => -q.Where(x => x > 0).Sum(x => x * Math.Log2(x));

    private static FrameDisagreement Frame(int classes, int cells, int focus, params float[][] members)
    {
        var e = new EnsembleDisagreement(classes, cells, focus);
        foreach (float[] m in members)
        {
            e.Add(m);
        }
        return e.Finish();
    }

    [Fact]
    public void OneClassIsTheBernoulliMutualInformation()
    {
        // Logit 0: q = (0.5, 0.5); logit 30: q = (1e-13, 1). Mean (0.25, 0.75): MI = H(0.25, 0.75) - (1 + 0) / 2.
        FrameDisagreement f = Frame(1, 1, -1, new[] { 0f }, new[] { 30f });
        Assert.Equal(H(0.25, 0.75) - 0.5, f.MaxBits, 9);
        Assert.Equal(f.MaxBits, f.MeanBits, 12);
        Assert.Equal(2, f.Members);
    }

    [Fact]
    public void TwoClassesAndBackground()
    {
        // (ln 2, 0): e^l = (2, 1), Z = 4, q = (0.25, 0.5, 0.25); (0, ln 2): q = (0.25, 0.25, 0.5).
        // Mean (0.25, 0.375, 0.375); each member's entropy H(0.25, 0.5, 0.25) = 1.5 bits.
        float ln2 = MathF.Log(2);
        FrameDisagreement f = Frame(2, 1, -1, new[] { ln2, 0f }, new[] { 0f, ln2 });
        Assert.Equal(H(0.25, 0.375, 0.375) - 1.5, f.MaxBits, 6);
        Assert.Equal(0.061278124, f.MaxBits, 6);
    }

    [Fact]
    public void ThreeMembers()
    {
        // (0, 0): q = (1/3, 1/3, 1/3); (ln 3, 0): q = (0.2, 0.6, 0.2); (0, ln 3): q = (0.2, 0.2, 0.6).
        // Mean (11/45, 17/45, 17/45).
        float ln3 = MathF.Log(3);
        FrameDisagreement f = Frame(2, 1, -1, new[] { 0f, 0f }, new[] { ln3, 0f }, new[] { 0f, ln3 });
        double expected = H(11.0 / 45, 17.0 / 45, 17.0 / 45) - (Math.Log2(3) + 2 * H(0.2, 0.6, 0.2)) / 3;
        Assert.Equal(expected, f.MaxBits, 6);
        Assert.Equal(3, f.Members);
    }

    [Fact]
    public void FocusClassCollapsesToClassVersusRest()
    {
        // Class 0 of the members above: (0.5, 0.5) and (0.75, 0.25) as (rest, class 0).
        float ln2 = MathF.Log(2);
        FrameDisagreement f = Frame(2, 1, 0, new[] { ln2, 0f }, new[] { 0f, ln2 });
        Assert.Equal(H(0.625, 0.375) - (1 + H(0.75, 0.25)) / 2, f.MaxBits, 6);
    }

    [Fact]
    public void FrameIsTheMaxAndTheMeanOverCells()
    {
        // Four cells, one class, planes [cell 0..3]: disagreement 0.311 bit, agreement, full
        // disagreement (logits +40 and -40: 1 bit), agreement at 0.5.
        float[] a = { 0f, -3f, 40f, 0f }, b = { 30f, -3f, -40f, 0f };
        FrameDisagreement f = Frame(1, 4, -1, a, b);
        Assert.Equal(1.0, f.MaxBits, 9);
        Assert.Equal((H(0.25, 0.75) - 0.5 + 1.0) / 4, f.MeanBits, 9);
    }

    [Fact]
    public void AgreementIsZeroAndFinishResets()
    {
        var e = new EnsembleDisagreement(3, 2);
        float[] same = { 1.5f, -2f, 0.3f, 100f, -7f, 2f };
        e.Add(same);
        e.Add(same);
        FrameDisagreement f = e.Finish();
        Assert.Equal(0.0, f.MaxBits, 12);
        Assert.Equal(0.0, f.MeanBits, 12);
        Assert.Equal(0, e.Members);
        // One member is no ensemble: nothing to disagree about.
        e.Add(same);
        Assert.Equal(new FrameDisagreement(0, 0, 1), e.Finish());
        Assert.Throws<ArgumentException>(() => e.Add(new float[5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnsembleDisagreement(3, 2, focusClass: 3));
    }
}
