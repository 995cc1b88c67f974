using HilBridge.Protocol.Messages;
using Sim.Runtime.Scoring;

namespace Sim.Runtime.Recording;

/// <summary>
/// Open loop: the target's answers to replayed ticks change nothing in what follows; they are
/// scored instead: perceived objects against the logged ground truth, control against the logged
/// actuation (docs/mcap.md, "Replay").
/// </summary>
internal sealed class ReplayScoring
{
    /// <summary>Ticks kept for answers that arrive late (real time).</summary>
    private const int Window = 256;

    private readonly RecordedTick?[] _recent = new RecordedTick?[Window];
    private readonly EgoPerceptionScorer _scorer = new();

    /// <summary>Perception scores against the logged ground truth.</summary>
    public PerceptionScorer Scorer => _scorer.Scorer;

    /// <summary>The target's control against the logged actuation.</summary>
    public ControlDivergence Control { get; } = new();

    /// <summary>The target's planned trajectories against what the driver did (nuPlan's open-loop metrics).</summary>
    public OpenLoopScorer OpenLoop { get; } = new();

    /// <summary>Each answer, for recording (tick time, answer).</summary>
    public Action<long, Actuation>? OnAnswer { get; set; }

    /// <summary>A tick about to be replayed: answers to it are scored against what it logged.</summary>
    public void Remember(RecordedTick t)
    {
        _recent[t.Tick % Window] = t;
        OpenLoop.Driven(t);
    }

    /// <summary>The target's answer to tick <paramref name="tick"/>.</summary>
    public void Answered(ulong tick, Actuation answer)
    {
        RecordedTick? t = _recent[tick % Window];
        if (t is null || t.Tick != tick)
        {
            return; // older than the window: nothing to score it against
        }
        OnAnswer?.Invoke(t.TimeNs, answer);
        if (t.Logged is { Mode: ActuationMode.Command } logged && answer.Mode == ActuationMode.Command)
        {
            Control.Add(t.TimeNs, logged.SteeringAngle, logged.Acceleration, answer.SteeringAngle, answer.Acceleration);
        }
        if (answer.Plan is { Count: > 0 } plan)
        {
            OpenLoop.Plan(t.TimeNs, plan);
        }
        if (answer.Objects is { } objects && t.GroundTruth is { } entities)
        {
            _scorer.Score(t.TimeNs, entities, t.EgoIndex, objects);
        }
    }
}
