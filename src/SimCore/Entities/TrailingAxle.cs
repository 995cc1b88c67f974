namespace SimCore.Entities;

/// <summary>
/// Heading of an entity whose reference point lies ahead of its rear axle (esmini's
/// refpoint_x_offset, e.g. a car that follows a trajectory by its front axle): the rear axle
/// trails the reference point like a trailer on a rigid bar, so the heading points from where the
/// rear axle was to where the reference point now is.
/// </summary>
internal static class TrailingAxle
{
    /// <summary>Moves the entity's reference point to (x, y); the heading is <paramref name="heading"/>, or the trailing one when the entity has a trailing axle.</summary>
    public static void Pose(Entity e, double x, double y, double heading)
    {
        if (e.TrailingDistance > 0)
        {
            heading = Follow(e, x, y);
        }
        e.State.X = x;
        e.State.Y = y;
        e.State.Heading = heading;
    }

    /// <summary>The heading after the reference point moved from the entity's current pose to (x, y).</summary>
    public static double Follow(Entity e, double x, double y)
    {
        double l = e.TrailingDistance;
        double rx = e.State.X - l * Math.Cos(e.State.Heading);
        double ry = e.State.Y - l * Math.Sin(e.State.Heading);
        return x == rx && y == ry ? e.State.Heading : Math.Atan2(y - ry, x - rx);
    }
}
