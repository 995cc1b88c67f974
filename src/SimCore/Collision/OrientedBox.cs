using System.Globalization;
using System.Text;
using SimCore.Mathematics;

namespace SimCore.Collision;

/// <summary>
/// A rectangle in the world plane: centre, heading (radians, counter-clockwise from +x) of its
/// long axis, and half extents along (<see cref="HalfLength"/>) and across (<see cref="HalfWidth"/>) that axis.
/// </summary>
/// <param name="Center">Centre of the rectangle, world frame, metres.</param>
/// <param name="Heading">Direction of the length axis, radians counter-clockwise from +x.</param>
/// <param name="HalfLength">Half extent along the heading, metres (non-negative).</param>
/// <param name="HalfWidth">Half extent perpendicular to the heading, metres (non-negative).</param>
public readonly record struct OrientedBox(Vec2 Center, double Heading, double HalfLength, double HalfWidth)
{
    /// <summary>
    /// Builds a vehicle footprint from the vehicle reference point (for example the rear axle
    /// centre), its heading and its body dimensions.
    /// </summary>
    /// <param name="x">Reference point x, metres.</param>
    /// <param name="y">Reference point y, metres.</param>
    /// <param name="heading">Vehicle heading, radians counter-clockwise from +x.</param>
    /// <param name="length">Overall body length, metres.</param>
    /// <param name="width">Overall body width, metres.</param>
    /// <param name="centerOffsetX">Distance from the reference point forward along the heading to the body centre, metres.</param>
    /// <returns>The body rectangle.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> or <paramref name="width"/> is negative.</exception>
    public static OrientedBox FromVehicle(double x, double y, double heading, double length, double width, double centerOffsetX)
        => FromVehicle(x, y, heading, length, width, centerOffsetX, Vec2.FromAngle(heading));

    /// <summary>As the public overload, given <paramref name="forward"/> = <see cref="Vec2.FromAngle"/> of <paramref name="heading"/> (the same bits, one sincos fewer).</summary>
    internal static OrientedBox FromVehicle(double x, double y, double heading, double length, double width, double centerOffsetX, Vec2 forward)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        Vec2 center = new Vec2(x, y) + forward * centerOffsetX;
        return new OrientedBox(center, heading, 0.5 * length, 0.5 * width);
    }

    /// <summary>Unit vector along the length axis (the heading).</summary>
    internal Vec2 Forward => Vec2.FromAngle(Heading);

    /// <summary>
    /// Writes the four corners counter-clockwise, starting at front-right:
    /// front-right, front-left, rear-left, rear-right.
    /// </summary>
    /// <param name="four">Destination with room for at least four points.</param>
    /// <exception cref="ArgumentException"><paramref name="four"/> is shorter than four.</exception>
    public void GetCorners(Span<Vec2> four)
    {
        if (four.Length < 4)
        {
            throw new ArgumentException("Need room for four corners.", nameof(four));
        }

        Vec2 forward = Forward;
        Vec2 u = forward * HalfLength;
        Vec2 v = forward.PerpLeft * HalfWidth;
        four[0] = Center + u - v;
        four[1] = Center + u + v;
        four[2] = Center - u + v;
        four[3] = Center - u - v;
    }

    /// <summary>Axis-aligned bounding box of the rectangle (tight, not inflated).</summary>
    public (Vec2 Min, Vec2 Max) Bounds => BoundsAlong(Forward);

    /// <summary><see cref="Bounds"/>, given <paramref name="forward"/> = <see cref="Forward"/>.</summary>
    internal (Vec2 Min, Vec2 Max) BoundsAlong(Vec2 forward)
    {
        double c = Math.Abs(forward.X), s = Math.Abs(forward.Y);
        // Support extent of a rotated rectangle along x and y, so no corner loop is needed.
        double ex = c * HalfLength + s * HalfWidth;
        double ey = s * HalfLength + c * HalfWidth;
        return (new Vec2(Center.X - ex, Center.Y - ey), new Vec2(Center.X + ex, Center.Y + ey));
    }

    // Vec2's generated ToString recurses forever through its PerpLeft property, so the centre is
    // printed by component; otherwise logging or a failing assertion on a box would overflow the stack.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture,
            $"Center = ({Center.X}, {Center.Y}), Heading = {Heading}, HalfLength = {HalfLength}, HalfWidth = {HalfWidth}");
        return true;
    }
}
