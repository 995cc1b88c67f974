using SimCore.Diagnostics;

namespace Perception.Spec;

/// <summary>
/// A model spec (YAML next to the model, docs/perception-models.md): the model file, the tensors
/// it must have, how sensor frames become its input and how its outputs become detections.
/// Exactly one of <see cref="Bev"/> (lidar) and <see cref="Image"/> (camera) is set.
/// </summary>
/// <param name="File">The spec file, for messages.</param>
/// <param name="ModelPath">The ONNX file, resolved against the spec's directory.</param>
/// <param name="ModelWhere">The spec's 'model' entry, for messages about the model file.</param>
/// <param name="Classes">Class names, heatmap channel order.</param>
/// <param name="Inputs">Inputs the model must have.</param>
/// <param name="Outputs">Outputs the model must have.</param>
/// <param name="Bev">Pre-processing of a lidar model, or null.</param>
/// <param name="Image">Pre-processing of a camera model, or null.</param>
/// <param name="Head">Post-processing.</param>
internal sealed record ModelSpec(
    string File,
    string ModelPath,
    SourceLocation ModelWhere,
    IReadOnlyList<string> Classes,
    IReadOnlyList<TensorSpec> Inputs,
    IReadOnlyList<TensorSpec> Outputs,
    BevSpec? Bev,
    ImageSpec? Image,
    CenterHeadSpec Head)
{
    /// <summary>The input tensor the pre-processing feeds.</summary>
    public string InputName => Bev?.Input ?? Image!.Input;

    /// <summary>The sensor stream the pre-processing reads, or null when the spec names none.</summary>
    public string? Stream => Bev is not null ? Bev.Stream : Image!.Stream;

    /// <summary>The 'preprocess' entry, for messages.</summary>
    public SourceLocation InputWhere => Bev?.Where ?? Image!.Where;

    /// <summary>Rows of the input grid: raster rows or image rows.</summary>
    public int GridHeight => Bev?.Height ?? Image!.Height;

    /// <summary>Columns of the input grid: raster columns or image columns.</summary>
    public int GridWidth => Bev?.Width ?? Image!.Width;

    /// <summary>
    /// The concrete shape each tensor has once the pre-processing fixes the grid: input
    /// [1, C, H, W], heatmap [1, K, H/s, W/s], regression [1, R, H/s, W/s].
    /// </summary>
    public long[] ConcreteShape(string tensor)
    {
        int h = GridHeight / Head.Stride, w = GridWidth / Head.Stride;
        if (tensor == InputName)
        {
            return new long[] { 1, Bev?.Channels.Count ?? Image!.Channels.Count, GridHeight, GridWidth };
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
