namespace SimCore.Entities;

/// <summary>
/// Heading of an entity whose reference point lies ahead of its rear axle (esmini's
/// refpoint_x_offset, e.g. a car that follows a trajectory by its front axle): the rear axle
/// trails the reference point like a trailer on a rigid bar, so the heading points from where the
/// rear axle was at the end of the last step to where the reference point is now. Within a step the
/// reference point may move more than once (a trajectory's start, then the step's motion): the
/// rear axle follows once, when the step's motion is done (<see cref="Settle"/>), as in esmini.
/// </summary>
internal static class TrailingAxle
{
    /// <summary>Moves the entity's reference point to (x, y); the heading is <paramref name="heading"/>, or the trailing one when the entity has a trailing axle.</summary>
    public static void Pose(Entity e, double x, double y, double heading)
    {
        if (e.TrailingDistance > 0 && !(x == e.RearX && y == e.RearY))
        {
            heading = Math.Atan2(y - e.RearY, x - e.RearX);
        }
        e.State.X = x;
        e.State.Y = y;
        e.State.Heading = heading;
    }

    /// <summary>Brings the rear axle behind the reference point along the heading (after a step's motion, a teleport or the placement).</summary>
    public static void Settle(Entity e)
    {
        (double sin, double cos) = Math.SinCos(e.State.Heading);
        e.RearX = e.State.X - e.TrailingDistance * cos;
        e.RearY = e.State.Y - e.TrailingDistance * sin;
    }
}
