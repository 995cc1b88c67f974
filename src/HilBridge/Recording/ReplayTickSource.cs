using HilBridge.Protocol.Messages;
using HilBridge.Scoring;
using HilBridge.Session;
using SensorModels.Output;

namespace HilBridge.Recording;

/// <summary>
/// Open loop: ticks from a recording. The target's answers change nothing in what follows; they
/// are scored instead: perceived objects against the logged ground truth, control against the
/// logged actuation (docs/mcap.md, "Replay").
/// </summary>
internal sealed class ReplayTickSource : TickSource
{
    /// <summary>Ticks kept for answers that arrive late (real time).</summary>
    private const int Window = 256;

    private readonly IEnumerator<RecordedTick> _ticks;
    private readonly IReadOnlyDictionary<string, string> _types;
    private readonly RecordedTick?[] _recent = new RecordedTick?[Window];
    private readonly EgoPerceptionScorer _scorer = new();
    private RecordedTick _current;

    /// <summary>Replays <paramref name="ticks"/> (at least one); <paramref name="types"/> maps stream names to sensor types.</summary>
    /// <exception cref="RecordingException">The recording has no ticks.</exception>
    public ReplayTickSource(IEnumerable<RecordedTick> ticks, long stepNs, IReadOnlyDictionary<string, string> types)
    {
        _ticks = ticks.GetEnumerator();
        _types = types;
        StepNs = stepNs;
        _current = _ticks.MoveNext() ? _ticks.Current : throw new RecordingException("the recording has no ticks (no ego state was recorded)");
        Remember(_current);
    }

    /// <summary>Perception scores against the logged ground truth.</summary>
    public PerceptionScorer Scorer => _scorer.Scorer;

    /// <summary>The target's control against the logged actuation.</summary>
    public ControlDivergence Control { get; } = new();

    /// <summary>The target's planned trajectories against what the driver did (nuPlan's open-loop metrics).</summary>
    public OpenLoopScorer OpenLoop { get; } = new();

    /// <summary>Each answer, for recording (tick time, answer).</summary>
    public Action<long, Actuation>? OnAnswer { get; set; }

    /// <summary>Ticks replayed.</summary>
    public long Ticks { get; private set; } = 1;

    /// <inheritdoc/>
    public override long StepNs { get; }

    /// <inheritdoc/>
    public override long TimeNs => _current.TimeNs;

    /// <inheritdoc/>
    public override void Produce(TickFrameBuffer frames)
    {
        foreach ((FrameDescriptor f, ReadOnlyMemory<byte> payload) in _current.Frames)
        {
            frames.Write(new SensorFrame(f.Stream, _types.GetValueOrDefault(f.Stream, ""), f.Format, f.Sequence, f.StartNs, f.EndNs), payload.Span);
        }
    }

    /// <inheritdoc/>
    public override VehicleState Vehicle() => _current.Ego;

    /// <inheritdoc/>
    public override void Apply(double steeringAngle, double acceleration)
    {
        // Open loop: the recording goes on as it was.
    }

    /// <inheritdoc/>
    public override void Answered(ulong tick, Actuation answer)
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

    /// <inheritdoc/>
    public override bool Advance()
    {
        if (!_ticks.MoveNext())
        {
            return false;
        }
        _current = _ticks.Current;
        Remember(_current);
        Ticks++;
        return true;
    }

    private void Remember(RecordedTick t)
    {
        _recent[t.Tick % Window] = t;
        OpenLoop.Driven(t);
    }
}
