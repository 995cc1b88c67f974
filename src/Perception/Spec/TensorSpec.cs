using SimCore.Diagnostics;

namespace Perception.Spec;

/// <summary>An input or output the spec expects the model to have.</summary>
/// <param name="Name">The tensor's name in the ONNX graph.</param>
/// <param name="ElementType">The element type as the spec spells it (float32, int64, ...).</param>
/// <param name="Shape">The shape; symbols allowed.</param>
/// <param name="Where">The spec entry, for messages.</param>
internal sealed record TensorSpec(string Name, string ElementType, IReadOnlyList<TensorDim> Shape, SourceLocation Where)
{
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
