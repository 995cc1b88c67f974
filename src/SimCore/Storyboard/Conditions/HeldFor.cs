using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>
/// Tracks how long a state has held without a break, for conditions with a duration (stand
/// still, off road, end of road). Half a step of tolerance: durations are seconds, the clock
/// ticks in whole steps.
/// </summary>
internal struct HeldFor
{
    private double _since;
    private bool _holding;

    public void Reset() => _holding = false;

    /// <summary>Records whether the state holds now; true once it has held for <paramref name="duration"/>.</summary>
    public bool Update(bool holds, World world, double duration)
    {
        if (!holds)
        {
            _holding = false;
            return false;
        }
        if (!_holding)
        {
            _holding = true;
            _since = world.Seconds;
        }
        return world.Seconds - _since >= duration - 0.5 * world.Dt;
    }
}
