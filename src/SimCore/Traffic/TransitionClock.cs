namespace SimCore.Traffic;

/// <summary>
/// Elapsed time of a transition as whole steps times the step, never a running sum: adding 0.01
/// four hundred times gives 3.99999999999996, which would end a 4 s transition one step late.
/// </summary>
internal struct TransitionClock
{
    private long _steps;

    /// <summary>Counts one more step and returns the time elapsed since the start.</summary>
    public double Advance(double dt) => ++_steps * dt;

    /// <summary>Progress 0..1 at or past which a transition counts as complete (allows for rounding).</summary>
    public static bool IsComplete(double x) => x >= 1.0 - 1e-9;
}
