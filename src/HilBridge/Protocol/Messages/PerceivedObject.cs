namespace HilBridge.Protocol.Messages;

/// <summary>
/// An object the target reports perceiving, in the ego's vehicle frame (ISO 8855): its id, class
/// (car, truck, bus, pedestrian, cyclist, obstacle), box centre and size (m), yaw (rad), velocity (m/s), score 0..1.
/// </summary>
public sealed record PerceivedObject(
    long Id, string Class, double X, double Y, double Z, double Length, double Width, double Height,
    double Yaw, double Vx, double Vy, double Score);
