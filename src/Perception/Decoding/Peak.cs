namespace Perception.Decoding;

/// <summary>A heatmap peak: its logit and its flat index k x H x W + r x W + c.</summary>
internal readonly record struct Peak(float Logit, int Index);
