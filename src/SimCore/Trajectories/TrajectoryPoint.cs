namespace SimCore.Trajectories;

/// <summary>
/// A sample of a trajectory: distance along it, world pose, and the timing the shape gives it
/// (time, speed and constant acceleration from this sample on; <see cref="Param"/> is the
/// shape's own curve parameter, the NURBS knot value).
/// </summary>
internal struct TrajectoryPoint
{
    public double S;
    public double X;
    public double Y;
    public double Heading;
    public double Time;
    public double Speed;
    public double Acceleration;
    public double Param;
}
