namespace Perception.Spec;

/// <summary>A channel of a centre head's box regression output.</summary>
internal enum RegressionChannel
{
    /// <summary>Offset of the centre from the cell's low-x corner, in cells.</summary>
    Dx,
    /// <summary>Offset of the centre from the cell's low-y corner, in cells.</summary>
    Dy,
    /// <summary>Centre z in metres.</summary>
    Z,
    /// <summary>ln of the length (m).</summary>
    LogL,
    /// <summary>ln of the width (m).</summary>
    LogW,
    /// <summary>ln of the height (m).</summary>
    LogH,
    /// <summary>sin of the yaw.</summary>
    SinYaw,
    /// <summary>cos of the yaw.</summary>
    CosYaw,
    /// <summary>Velocity along x (m/s), optional.</summary>
    Vx,
    /// <summary>Velocity along y (m/s), optional.</summary>
    Vy,
}
