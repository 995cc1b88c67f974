namespace HilBridge.Session;

/// <summary>How the simulator's clock relates to the target.</summary>
public enum HilMode
{
    /// <summary>The simulator waits for the target's answer to every tick before it advances: deterministic.</summary>
    Lockstep,
    /// <summary>The simulator is paced to the wall clock; actuation applies when it arrives.</summary>
    RealTime,
}
