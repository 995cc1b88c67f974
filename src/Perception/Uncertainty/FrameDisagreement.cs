namespace Perception.Uncertainty;

/// <summary>An ensemble's disagreement about one frame (<see cref="EnsembleDisagreement"/>).</summary>
/// <param name="MaxBits">The largest per-cell mutual information (bits).</param>
/// <param name="MeanBits">The mean per-cell mutual information over all cells (bits).</param>
/// <param name="Members">How many members' heatmaps it came from.</param>
public readonly record struct FrameDisagreement(double MaxBits, double MeanBits, int Members);
