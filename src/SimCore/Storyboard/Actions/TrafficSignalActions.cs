using SimCore.Simulation;

namespace SimCore.Storyboard.Actions;

/// <summary>OpenSCENARIO TrafficSignalStateAction: sets one signal's state at once.</summary>
internal sealed class TrafficSignalStateAction(string name, string signalId, string state) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = [];

    public override bool ActsWhenTriggered => true;

    public override IActionRun Start(World world)
    {
        world.Signals.Set(signalId, state);
        return CompletedRun.Instance;
    }
}

/// <summary>
/// OpenSCENARIO TrafficSignalControllerAction: the controller jumps to the named phase, which
/// starts now and runs for its duration; the cycle goes on from there.
/// </summary>
internal sealed class TrafficSignalControllerAction(string name, string controller, string phase) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = [];

    public override bool ActsWhenTriggered => true;

    public override IActionRun Start(World world)
    {
        if (!world.Signals.SetPhase(controller, phase, world.Time))
        {
            world.Emit("action_failed", Name, $"controller '{controller}' has no phase '{phase}'");
        }
        return CompletedRun.Instance;
    }
}
