namespace Perception.Spec;

/// <summary>
/// A model spec (YAML next to the model, docs/perception-models.md): the model file, the tensors
/// it must have, how sensor frames become its input and how its outputs become detections.
/// </summary>
/// <param name="File">The spec file, for messages.</param>
/// <param name="ModelPath">The ONNX file, resolved against the spec's directory.</param>
/// <param name="ModelWhere">The spec's 'model' entry, for messages about the model file.</param>
/// <param name="Classes">Class names, heatmap channel order.</param>
/// <param name="Inputs">Inputs the model must have.</param>
/// <param name="Outputs">Outputs the model must have.</param>
/// <param name="Bev">Pre-processing.</param>
/// <param name="Head">Post-processing.</param>
internal sealed record ModelSpec(
    string File,
    string ModelPath,
    SimCore.Diagnostics.SourceLocation ModelWhere,
    IReadOnlyList<string> Classes,
    IReadOnlyList<TensorSpec> Inputs,
    IReadOnlyList<TensorSpec> Outputs,
    BevSpec Bev,
    CenterHeadSpec Head)
{
    /// <summary>
    /// The concrete shape each tensor has once the pre-processing fixes the raster: input
    /// [1, C, H, W], heatmap [1, K, H/s, W/s], regression [1, R, H/s, W/s].
    /// </summary>
    public long[] ConcreteShape(string tensor)
    {
        int h = Bev.Height / Head.Stride, w = Bev.Width / Head.Stride;
        if (tensor == Bev.Input)
        {
            return new long[] { 1, Bev.Channels.Count, Bev.Height, Bev.Width };
        }
        if (tensor == Head.Heatmap)
        {
            return new long[] { 1, Classes.Count, h, w };
        }
        if (tensor == Head.Regression)
        {
            return new long[] { 1, Head.Channels.Count, h, w };
        }
        throw new ArgumentException($"'{tensor}' is not a tensor of the spec", nameof(tensor));
    }
}
