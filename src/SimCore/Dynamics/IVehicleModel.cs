namespace SimCore.Dynamics;

/// <summary>Integrates a vehicle's motion over one fixed step. Implementations allocate nothing per step.</summary>
public interface IVehicleModel
{
    /// <summary>The vehicle these dynamics describe.</summary>
    VehicleParameters Parameters { get; }

    /// <summary>
    /// Advances <paramref name="state"/> by <paramref name="dt"/> seconds: first the actuators
    /// move towards <paramref name="demand"/>, then the body moves.
    /// </summary>
    /// <param name="state">State at the start of the step; holds the state at its end on return.</param>
    /// <param name="demand">Steering and acceleration demands held for the step.</param>
    /// <param name="dt">Step length (s), positive and finite.</param>
    void Step(ref VehicleState state, in ControlDemand demand, double dt);
}
