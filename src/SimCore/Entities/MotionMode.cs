namespace SimCore.Entities;

/// <summary>Which state of an entity is authoritative and how it advances each step.</summary>
internal enum MotionMode
{
    /// <summary>Never moves.</summary>
    Static,
    /// <summary>Road coordinates (road, s, t) are authoritative; the world pose follows from the road. Storyboard actors and IDM traffic.</summary>
    LaneBound,
    /// <summary>Follows a world polyline (trajectory, pedestrian path).</summary>
    Path,
    /// <summary>Straight-line motion along its heading (after a trajectory ends off-road).</summary>
    Free,
    /// <summary>Integrated by a vehicle model from control demands (the ego and its driver).</summary>
    Dynamics,
}
