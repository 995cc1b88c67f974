using SimCore.Diagnostics;

namespace Perception.Spec;

/// <summary>
/// Pre-processing of a camera image (payload camera.rgb8.v1) into the model's input: NCHW with
/// N = 1, one plane per entry of <see cref="Channels"/>, element = (byte x <see cref="Scale"/> -
/// mean) / std of that channel. The image must be <see cref="Width"/> x <see cref="Height"/>.
/// </summary>
/// <param name="Input">The input tensor the image feeds.</param>
/// <param name="Stream">The rig's camera (for callers that pick frames by sensor).</param>
/// <param name="Format">The payload format (camera.rgb8.v1).</param>
/// <param name="Width">Image columns.</param>
/// <param name="Height">Image rows.</param>
/// <param name="Channels">The input's planes, in order.</param>
/// <param name="Scale">Factor applied to each byte before the mean and std.</param>
/// <param name="Mean">Per plane, subtracted after scaling.</param>
/// <param name="Std">Per plane, divides after the mean.</param>
/// <param name="Where">The spec entry, for messages.</param>
internal sealed record ImageSpec(
    string Input,
    string? Stream,
    string Format,
    int Width,
    int Height,
    IReadOnlyList<ImageChannel> Channels,
    double Scale,
    IReadOnlyList<double> Mean,
    IReadOnlyList<double> Std,
    SourceLocation Where);
