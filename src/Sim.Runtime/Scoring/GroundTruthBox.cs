namespace Sim.Runtime.Scoring;

/// <summary>
/// One ground-truth object as the ego sees it, in the ego's vehicle frame (ISO 8855: x forward,
/// y left, z up; origin at the ego's reference point), so that it compares directly with a
/// <see cref="HilBridge.Protocol.Messages.PerceivedObject"/>.
/// </summary>
/// <param name="Id">Entity id (its index in the scenario).</param>
/// <param name="Class">Class name (car, truck, bus, pedestrian, cyclist, obstacle); see <see cref="ObjectClasses"/>.</param>
/// <param name="X">Box centre x (m).</param>
/// <param name="Y">Box centre y (m).</param>
/// <param name="Z">Box centre z (m).</param>
/// <param name="Length">Box length (m).</param>
/// <param name="Width">Box width (m).</param>
/// <param name="Height">Box height (m).</param>
/// <param name="Yaw">Box heading relative to the ego's x axis, in (-pi, pi] (rad).</param>
/// <param name="Vx">Over-ground velocity of the box centre along the ego's x axis (m/s).</param>
/// <param name="Vy">Over-ground velocity of the box centre along the ego's y axis (m/s).</param>
internal readonly record struct GroundTruthBox(
    int Id, string Class, double X, double Y, double Z, double Length, double Width, double Height,
    double Yaw, double Vx, double Vy);
