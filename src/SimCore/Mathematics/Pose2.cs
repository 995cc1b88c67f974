namespace SimCore.Mathematics;

/// <summary>A planar pose: position and heading (counter-clockwise from +x).</summary>
public readonly record struct Pose2(double X, double Y, double Heading)
{
    /// <summary>The position as a vector.</summary>
    public Vec2 Position => new(X, Y);

    /// <summary>Unit vector along the heading.</summary>
    public Vec2 Forward => Vec2.FromAngle(Heading);

    /// <summary>Transforms a point given in this pose's local frame (x forward, y left) to the parent frame.</summary>
    public Vec2 TransformPoint(Vec2 local) => Position + local.Rotate(Heading);

    /// <summary>Transforms a parent-frame point into this pose's local frame.</summary>
    public Vec2 InverseTransformPoint(Vec2 world) => (world - Position).Rotate(-Heading);
}
