namespace Perception;

/// <summary>
/// One object a model detected, in the lidar's sensor frame (x forward, y left, z up; the frame
/// of the points the model saw). Sizes in metres, yaw in radians counter-clockwise from +x.
/// </summary>
/// <param name="ClassId">Index into the spec's classes (the heatmap channel).</param>
/// <param name="ClassName">The class's name from the spec.</param>
/// <param name="Score">Sigmoid of the heatmap logit at the peak, 0..1.</param>
/// <param name="X">Box centre x (m).</param>
/// <param name="Y">Box centre y (m).</param>
/// <param name="Z">Box centre z (m), as the model regresses it.</param>
/// <param name="Length">Box length along its heading (m).</param>
/// <param name="Width">Box width (m).</param>
/// <param name="Height">Box height (m).</param>
/// <param name="Yaw">Heading, atan2(sin, cos) of the regressed pair, in (-pi, pi].</param>
/// <param name="HasVelocity">Whether the model regresses velocity (then <paramref name="Vx"/>, <paramref name="Vy"/> hold it).</param>
/// <param name="Vx">Velocity along x (m/s), 0 without velocity.</param>
/// <param name="Vy">Velocity along y (m/s), 0 without velocity.</param>
public readonly record struct Detection(
    int ClassId,
    string ClassName,
    float Score,
    float X,
    float Y,
    float Z,
    float Length,
    float Width,
    float Height,
    float Yaw,
    bool HasVelocity,
    float Vx,
    float Vy);
