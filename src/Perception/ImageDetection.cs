namespace Perception;

/// <summary>
/// One object a camera model detected: a 2-D box in the image's pixel coordinates (u right, v down,
/// the centre of pixel (i, j) at (i, j), as OpenCV and KITTI; docs/sensors/camera.md), so the box
/// spans <see cref="Right"/> - <see cref="Left"/> pixels across.
/// </summary>
/// <param name="ClassId">Index into the spec's classes (the heatmap channel).</param>
/// <param name="ClassName">The class's name from the spec.</param>
/// <param name="Score">Sigmoid of the heatmap logit at the peak, 0..1.</param>
/// <param name="Left">Smallest u (pixels).</param>
/// <param name="Top">Smallest v (pixels).</param>
/// <param name="Right">Largest u (pixels).</param>
/// <param name="Bottom">Largest v (pixels).</param>
public readonly record struct ImageDetection(int ClassId, string ClassName, float Score, float Left, float Top, float Right, float Bottom);
