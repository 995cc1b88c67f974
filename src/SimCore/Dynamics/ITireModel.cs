namespace SimCore.Dynamics;

/// <summary>Lateral force of one axle's tyres as a function of slip angle.</summary>
public interface ITireModel
{
    /// <summary>
    /// Lateral force along the wheel's y axis (N). The slip angle follows ISO 8855: the angle from
    /// the wheel's x axis to its velocity, so a positive slip angle gives a negative force.
    /// </summary>
    /// <param name="slipAngle">Slip angle (rad).</param>
    /// <param name="normalLoad">Vertical load on the axle (N).</param>
    /// <param name="corneringStiffness">Slope of force over slip angle at zero slip (N/rad), positive.</param>
    /// <param name="mu">Tyre-road friction coefficient.</param>
    double LateralForce(double slipAngle, double normalLoad, double corneringStiffness, double mu);
}
