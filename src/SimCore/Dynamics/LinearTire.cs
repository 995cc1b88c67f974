namespace SimCore.Dynamics;

/// <summary>Linear tyre: F = -C alpha at every slip angle, with no friction limit.</summary>
public sealed class LinearTire : ITireModel
{
    /// <summary>A shared instance; the model has no state.</summary>
    public static LinearTire Instance { get; } = new();

    /// <inheritdoc />
    public double LateralForce(double slipAngle, double normalLoad, double corneringStiffness, double mu)
        => -corneringStiffness * slipAngle;
}
