using Sim.Runtime.Sil;

namespace Sim.Runtime.Tests.Sil;

/// <summary>The uncertainty measures `sim mine` ranks frames by.</summary>
public sealed class FrameUncertaintyTests
{
    [Fact]
    public void Uncertainty_measures_have_their_closed_forms()
    {
        Assert.Equal(1.0, FrameUncertainty.Entropy(0.5), 12);
        // H(0.9) = -(0.9 log2 0.9 + 0.1 log2 0.1) = 0.13680 + 0.33219
        Assert.Equal(0.4689955935892812, FrameUncertainty.Entropy(0.9), 12);
        Assert.Equal(FrameUncertainty.Entropy(0.1), FrameUncertainty.Entropy(0.9), 12);
        Assert.Equal(0.2, FrameUncertainty.Margin(0.9), 12);
        Assert.Equal(1.0, FrameUncertainty.Margin(0.5), 12);
        Assert.Equal(1.0 + 0.4689955935892812, FrameUncertainty.Of([0.5, 0.9], margin: false), 12);
        Assert.Equal(0.0, FrameUncertainty.Of([], margin: true));
    }
}
