using SimCore.Signals;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>OpenSCENARIO TrafficSignalCondition: true while a signal shows the given state.</summary>
internal sealed class TrafficSignalCondition(string signalId, string state) : ConditionBody
{
    private readonly string _state = TrafficSignalStates.Normalize(state);

    public override bool Evaluate(World world) => world.Signals.StateOf(signalId) == _state;

    public override string Describe(World world) => $"signal {signalId} is '{world.Signals.StateOf(signalId)}' (wanted '{_state}')";
}

/// <summary>OpenSCENARIO TrafficSignalControllerCondition: true while a controller is in the given phase.</summary>
internal sealed class TrafficSignalControllerCondition(string controller, string phase) : ConditionBody
{
    public override bool Evaluate(World world) => world.Signals.PhaseOf(controller) == phase;

    public override string Describe(World world) => $"controller {controller} in phase '{world.Signals.PhaseOf(controller)}' (wanted '{phase}')";
}
