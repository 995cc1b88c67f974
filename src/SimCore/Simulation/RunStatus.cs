namespace SimCore.Simulation;

/// <summary>Verdict of a run.</summary>
public enum RunStatus
{
    /// <summary>Every criterion held.</summary>
    Pass,
    /// <summary>At least one criterion failed.</summary>
    Fail,
}
