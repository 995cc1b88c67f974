namespace SimCore.Traffic;

/// <summary>How a value moves from its start to its target (OpenSCENARIO DynamicsShape).</summary>
public enum TransitionShape
{
    /// <summary>Jumps at once.</summary>
    Step,
    /// <summary>Constant rate.</summary>
    Linear,
    /// <summary>Cubic with zero slope at both ends (3x^2 - 2x^3).</summary>
    Cubic,
    /// <summary>Half cosine: (1 - cos(pi x)) / 2.</summary>
    Sinusoidal,
}

/// <summary>What the transition's value measures (OpenSCENARIO DynamicsDimension).</summary>
public enum TransitionDimension
{
    /// <summary>Average rate of change (units per second).</summary>
    Rate,
    /// <summary>Duration in seconds.</summary>
    Time,
    /// <summary>Distance travelled in metres.</summary>
    Distance,
}

/// <summary>A transition's shape, dimension and value.</summary>
public readonly record struct TransitionDynamics(TransitionShape Shape, TransitionDimension Dimension, double Value)
{
    /// <summary>Fraction (0..1) of the change reached at progress <paramref name="x"/> (0..1).</summary>
    public static double Evaluate(TransitionShape shape, double x)
    {
        if (x <= 0)
        {
            return shape == TransitionShape.Step ? 1.0 : 0.0;
        }
        if (x >= 1)
        {
            return 1.0;
        }
        return shape switch
        {
            TransitionShape.Step => 1.0,
            TransitionShape.Linear => x,
            TransitionShape.Cubic => x * x * (3.0 - 2.0 * x),
            _ => 0.5 * (1.0 - Math.Cos(Math.PI * x)),
        };
    }

    /// <summary>Derivative of <see cref="Evaluate"/> with respect to progress.</summary>
    public static double Slope(TransitionShape shape, double x)
    {
        if (x <= 0 || x >= 1)
        {
            return 0.0;
        }
        return shape switch
        {
            TransitionShape.Step => 0.0,
            TransitionShape.Linear => 1.0,
            TransitionShape.Cubic => 6.0 * x * (1.0 - x),
            _ => 0.5 * Math.PI * Math.Sin(Math.PI * x),
        };
    }
}
