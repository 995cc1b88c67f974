using SimCore.Simulation;

namespace SimCore.Storyboard;

/// <summary>
/// An action definition. Starting it returns a run that the storyboard polls until done; most
/// runs hand a controller to an entity and finish when the controller does, or when another
/// action takes the entity's controller over (OpenSCENARIO: the newer action wins).
/// </summary>
internal abstract class ActionBase
{
    protected ActionBase(string name) => Name = name;

    public string Name { get; }

    /// <summary>Entities the action acts on, for the event log.</summary>
    public abstract IReadOnlyList<string> Actors { get; }

    public abstract IActionRun Start(World world);

    /// <summary>
    /// True for an action that changes the scenario's shared state at once (a traffic signal, a
    /// controller's phase, the environment): it acts the moment its event starts, so conditions
    /// evaluated later in the same storyboard pass already see the change, as in esmini. Other
    /// actions start once every trigger of the step has been evaluated.
    /// </summary>
    public virtual bool ActsWhenTriggered => false;
}

/// <summary>A started action.</summary>
internal interface IActionRun
{
    /// <summary>True once the action has finished (or was taken over).</summary>
    bool IsDone(World world);

    /// <summary>Stops the action early (its event was stopped).</summary>
    void Stop(World world);
}

/// <summary>A run that finished the moment it started (teleport, set-point changes).</summary>
internal sealed class CompletedRun : IActionRun
{
    public static readonly CompletedRun Instance = new();

    public bool IsDone(World world) => true;

    public void Stop(World world)
    {
    }
}
