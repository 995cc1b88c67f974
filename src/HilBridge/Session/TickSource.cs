using HilBridge.Protocol.Messages;

namespace HilBridge.Session;

/// <summary>
/// Where a HIL session's ticks come from and where the target's answers go: a running simulation
/// (closed loop, <see cref="SimulatorTickSource"/>) or a recording played back (open loop).
/// </summary>
public abstract class TickSource
{
    /// <summary>The step between ticks (ns).</summary>
    public abstract long StepNs { get; }

    /// <summary>Time of the current tick (ns).</summary>
    public abstract long TimeNs { get; }

    /// <summary>Produces the current tick's sensor outputs into <paramref name="frames"/> (and anything else done per state).</summary>
    public abstract void Produce(TickFrameBuffer frames);

    /// <summary>The ego's state at the current tick.</summary>
    public abstract VehicleState Vehicle();

    /// <summary>Applies a demand (road-wheel angle in rad, acceleration in m/s^2) from the current tick on.</summary>
    public abstract void Apply(double steeringAngle, double acceleration);

    /// <summary>The target's answer to tick <paramref name="tick"/>, as accepted (for recording and scoring).</summary>
    public virtual void Answered(ulong tick, Actuation answer)
    {
    }

    /// <summary>The target reported its AEB stage (debug value "aeb_stage": 0 off, 1 partial, 2 full).</summary>
    public virtual void ReportAeb(int stage)
    {
    }

    /// <summary>Moves to the next tick; false at the end.</summary>
    public abstract bool Advance();

    /// <summary>After the last tick: the final state, which has no tick of its own.</summary>
    public virtual void Finish(TickFrameBuffer frames)
    {
    }
}
