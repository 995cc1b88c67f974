using System.Diagnostics;
using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using HilBridge.Transport;
using SensorModels.Can;
using SimCore.Simulation;

namespace HilBridge.Session;

/// <summary>
/// Runs a simulation with its ego driven by a target after the handshake (docs/hil-protocol.md,
/// "Modes"). Every step a Tick goes out on the data stream with the sensor frames due at it and,
/// when asked for, the ego's state. Lockstep waits for the answer to each tick before advancing;
/// real time paces the steps to the wall clock and applies answers as they arrive. Silence from
/// the target longer than the heartbeat timeout ends the run as "target lost".
/// </summary>
public sealed class HilRunner
{
    private const int SendTimeRing = 4096;
    private static readonly TimeSpan SpinWindow = TimeSpan.FromMilliseconds(1.5);

    /// <summary>The debug value by which a target reports its AEB stage (0 off, 1 partial, 2 full) to the AEB KPI.</summary>
    public const string AebStageKey = "aeb_stage";
    private readonly ControlServer _control;
    private readonly FrameStreamSender _data;
    private readonly HelloReply _reply;
    private readonly HilRunOptions _options;
    private readonly Queue<(long ApplyAtNs, double Steer, double Accel)> _pending = new();
    private readonly long[] _sendTimes = new long[SendTimeRing];
    private CanActuation _can;
    private long _runStart;
    private long _stepNs;
    private volatile string? _interrupted;
    private long _canAnswers;
    private long _canFrames;
    private bool _canWarned;
    private ulong _newestApplied;
    private bool _anyApplied;
    private long _stepWallTicks;

    /// <summary>Creates the runner for an accepted <paramref name="reply"/>.</summary>
    /// <exception cref="HilException">The target asked for CAN actuation and there is no DBC to decode it by.</exception>
    public HilRunner(ControlServer control, FrameStreamSender data, HelloReply reply, HilRunOptions options)
    {
        if (reply.Mode == ActuationMode.Can && options.Can is null)
        {
            throw new HilException("the target asked for CAN actuation, but the rig has no CAN bus: there is no DBC to decode its frames by");
        }
        if (!(options.RealTimeFactor > 0) || !double.IsFinite(options.RealTimeFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "the real-time factor must be positive");
        }
        (_control, _data, _reply, _options) = (control, data, reply, options);
        Frames = new TickFrameBuffer(reply.Streams, reuseBuffers: options.Mode == HilMode.Lockstep);
        Report = new HilReport
        {
            Mode = options.Mode,
            RealTimeFactor = options.RealTimeFactor,
            ActuationDelayNs = options.ActuationDelayNs,
            Target = $"{reply.TargetName} {reply.TargetVersion}",
            Actuation = reply.Mode == ActuationMode.Can ? "can" : "command",
        };
        foreach (string s in reply.Streams)
        {
            Report.Stream(s);
        }
        control.StartHeartbeats(options.HeartbeatInterval);
    }

    /// <summary>
    /// Raised once, on the simulator's thread, when something the target does will not drive the
    /// ego and the session goes on (e.g. every CAN answer so far ignored); also kept in the report's warnings.
    /// </summary>
    public event Action<string>? Warning;

    /// <summary>
    /// Ends the session from any thread (a signal handler): sends EndOfRun with status error and
    /// <paramref name="reason"/> at once, and the run stops with that error at its next wait (within
    /// 0.1 s) or at its next tick when it is busy simulating.
    /// </summary>
    public void Interrupt(string reason)
    {
        if (_interrupted is not null)
        {
            return;
        }
        _interrupted = reason;
        if (_control.HasPeer)
        {
            _control.Send(MessageType.EndOfRun, Volatile.Read(ref _lastTimeNs), new EndOfRun("error", reason, "{}"));
        }
    }

    private long _lastTimeNs;

    /// <summary>The sink the sensor rig writes to: what the target asked for goes out with the tick.</summary>
    public TickFrameBuffer Frames { get; }

    /// <summary>What the run measured.</summary>
    public HilReport Report { get; }

    /// <summary>
    /// Runs <paramref name="sim"/> to its end with entity <paramref name="ego"/> driven by the target
    /// (see <see cref="SimulatorTickSource"/>); <paramref name="perception"/> sees answers that carry
    /// objects, <paramref name="answered"/> every accepted answer with its tick and the tick's time.
    /// </summary>
    /// <exception cref="HilException">The target was lost, did not answer in time, or refused.</exception>
    public RunResult Run(Simulator sim, int ego, Action<Simulator>? onState = null, Action<Simulator, Actuation>? perception = null, Action<ulong, long, Actuation>? answered = null)
    {
        Run(new SimulatorTickSource(sim, ego, onState) { OnPerception = perception, OnAnswer = answered });
        return sim.Result();
    }

    /// <summary>
    /// Runs the session over <paramref name="source"/>'s ticks until it ends. The caller ends the
    /// session with <see cref="End"/>; on an error this sends EndOfRun(error) itself.
    /// </summary>
    /// <exception cref="HilException">The target was lost, did not answer in time, or refused.</exception>
    public void Run(TickSource source)
    {
        _stepNs = source.StepNs;
        _runStart = Stopwatch.GetTimestamp();
        try
        {
            if (_options.Mode == HilMode.Lockstep)
            {
                RunLockstep(source);
            }
            else
            {
                RunRealTime(source);
            }
            source.Finish(Frames);
            Frames.Recycle(); // the last state has no tick: nothing answers it
        }
        catch (HilException e)
        {
            Report.Error = e.Message;
            Report.CountRejections(_control);
            // After a Refusal (either way) or an interrupt's EndOfRun the control server sends nothing more.
            _control.Send(MessageType.EndOfRun, source.TimeNs, new EndOfRun("error", e.Message, "{}"));
            throw;
        }
        WarnIfCanIgnored(final: true);
        Report.CountRejections(_control);
    }

    /// <summary>Ends the session: the run's status, reason and result summary (result.json's text) to the target.</summary>
    public void End(long timeNs, string status, string reason, string summaryJson)
        => _control.Send(MessageType.EndOfRun, timeNs, new EndOfRun(status, reason, summaryJson));

    private void RunLockstep(TickSource src)
    {
        ulong tick = 0;
        do
        {
            long t = src.TimeNs;
            src.Produce(Frames);
            long sent = SendTick(src, tick, t, blocking: true);
            Actuation a = AwaitAnswer(tick, t);
            Report.RoundTrip.Add(Stopwatch.GetTimestamp() - sent);
            // The answer proves the tick's frames reached the target: their arrays may be reused.
            Frames.Recycle();
            Accept(src, a, t);
            ApplyDue(src, t);
            tick++;
        }
        while (src.Advance());
    }

    private void RunRealTime(TickSource src)
    {
        long start = Stopwatch.GetTimestamp();
        double perSimNs = Stopwatch.Frequency / 1e9 / _options.RealTimeFactor;
        long Due(long simNs) => start + (long)(simNs * perSimNs);
        long stepTicks = (long)(_stepNs * perSimNs);
        _stepWallTicks = stepTicks;
        ulong tick = 0;
        do
        {
            long t = src.TimeNs;
            src.Produce(Frames);
            Pump(src, tick, t, Due(t));
            long sent = SendTick(src, tick, t, blocking: false);
            long late = sent - Due(t);
            Report.TickLateness.Add(late);
            if (late > stepTicks)
            {
                Report.DeadlineMisses++;
            }
            if (sent != 0)
            {
                foreach (FrameDescriptor f in Frames.Frames)
                {
                    Report.Stream(f.Stream).Latency.Add(sent - Due(f.EndNs));
                }
            }
            Frames.Recycle();
            ApplyDue(src, t);
            tick++;
        }
        while (src.Advance());
        // The last step ends on the paced clock too: a run of d simulated seconds lasts d / factor on
        // the wall clock, not one step less, and answers to the last tick still arrive (and are timed).
        Pump(src, tick, src.TimeNs, Due(src.TimeNs));
    }

    /// <summary>Sends tick <paramref name="tick"/>; returns the Stopwatch time it left, or 0 when it was dropped.</summary>
    private long SendTick(TickSource src, ulong tick, long t, bool blocking)
    {
        CheckInterrupted();
        Volatile.Write(ref _lastTimeNs, t);
        VehicleState? state = _reply.WantsVehicleState ? src.Vehicle() : null;
        byte[] envelope = WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.Tick, t, tick), new Tick(tick, Frames.Frames, state));
        long sent = Stopwatch.GetTimestamp();
        _sendTimes[tick % SendTimeRing] = sent;
        Report.Ticks = tick + 1;
        if (blocking)
        {
            SendWaiting(envelope, tick, t);
        }
        else if (!_data.SendSlices(envelope, Frames.Payloads, TimeSpan.Zero))
        {
            Report.DroppedTicks++;
            foreach (FrameDescriptor f in Frames.Frames)
            {
                Report.Stream(f.Stream).Dropped++;
            }
            return 0;
        }
        foreach (FrameDescriptor f in Frames.Frames)
        {
            Report.Stream(f.Stream).Frames++;
        }
        return sent;
    }

    /// <summary>
    /// Lockstep: hands the tick to the data socket, waiting as long as a live target needs to take it.
    /// A PUSH socket whose peer is gone waits forever, so the wait is cut into slices in which the
    /// control channel is read: a target silent for the heartbeat timeout is lost, one that stays
    /// alive but takes no tick meets the answer timeout.
    /// </summary>
    private void SendWaiting(byte[] envelope, ulong tick, long timeNs)
    {
        long giveUp = Stopwatch.GetTimestamp() + Ticks(_options.AnswerTimeout);
        while (!_data.TrySendSlices(envelope, Frames.Payloads, WaitSlice))
        {
            while (Receive(TimeSpan.Zero, timeNs) is { } m)
            {
                switch (m.Body)
                {
                    case Actuation a when a.Tick < tick:
                        Report.StaleAnswers++;
                        break;
                    case Actuation:
                        Report.FutureAnswers++;
                        break;
                }
            }
            long now = Stopwatch.GetTimestamp();
            CheckInterrupted();
            CheckLost(now, timeNs);
            if (now > giveUp)
            {
                throw new HilException(Invariant($"target did not take tick {tick} (t = {timeNs / 1e9:F3} s) within {_options.AnswerTimeout.TotalSeconds:G} s"));
            }
        }
    }

    private static readonly TimeSpan WaitSlice = TimeSpan.FromMilliseconds(100);

    private Actuation AwaitAnswer(ulong tick, long timeNs)
    {
        long sent = Stopwatch.GetTimestamp();
        long answerBy = sent + Ticks(_options.AnswerTimeout);
        while (true)
        {
            long now = Stopwatch.GetTimestamp();
            long wake = Math.Min(Math.Min(answerBy, LastHeard + Ticks(_options.HeartbeatTimeout)), now + Ticks(WaitSlice));
            ReceivedMessage? m = Receive(TimeSpan.FromTicks(Math.Max(0, (wake - now) * TimeSpan.TicksPerSecond / Stopwatch.Frequency)), timeNs);
            if (m is null)
            {
                // Judged only once the socket has nothing: what the target sent while the simulator was
                // busy (its heartbeats, its answer) may be waiting there, and it proves the target alive.
                now = Stopwatch.GetTimestamp();
                CheckInterrupted();
                CheckLost(now, timeNs);
                if (now > answerBy)
                {
                    throw new HilException(Invariant($"target did not answer tick {tick} (t = {timeNs / 1e9:F3} s) within {_options.AnswerTimeout.TotalSeconds:G} s"));
                }
                continue;
            }
            switch (m.Body)
            {
                case Actuation a when a.Tick == tick:
                    return a;
                case Actuation a when a.Tick < tick:
                    Report.StaleAnswers++;
                    break;
                case Actuation:
                    Report.FutureAnswers++;
                    break;
                case Refusal r:
                    throw new HilException(Invariant($"target ended the session at tick {tick} (t = {timeNs / 1e9:F3} s): {r.Reason}"));
                default:
                    break; // heartbeats
            }
        }
    }

    /// <summary>Real time: takes the target's messages until <paramref name="until"/> (Stopwatch), applying answers as they come.</summary>
    private void Pump(TickSource src, ulong nextTick, long timeNs, long until)
    {
        Volatile.Write(ref _lastTimeNs, timeNs);
        while (true)
        {
            long now = Stopwatch.GetTimestamp();
            long wake = Math.Min(until, now + Ticks(WaitSlice));
            // Waits are in whole milliseconds: the last 1.5 ms before a tick's time are polled
            // instead, so ticks leave within microseconds of it rather than up to 1 ms late.
            bool close = wake - now < Ticks(SpinWindow);
            ReceivedMessage? m = Receive(close ? TimeSpan.Zero : TimeSpan.FromTicks((wake - now - Ticks(SpinWindow)) * TimeSpan.TicksPerSecond / Stopwatch.Frequency), timeNs);
            if (m is null)
            {
                if (close)
                {
                    Thread.SpinWait(20);
                }
                now = Stopwatch.GetTimestamp();
                CheckInterrupted();
                CheckLost(now, timeNs); // only with the socket empty, as in lockstep
                if (now >= until)
                {
                    return;
                }
                continue;
            }
            long arrived = Stopwatch.GetTimestamp();
            switch (m.Body)
            {
                case Actuation a when a.Tick >= nextTick:
                    Report.FutureAnswers++;
                    break;
                case Actuation a when _anyApplied && a.Tick <= _newestApplied:
                    Report.StaleAnswers++; // overtaken by a newer answer, or a repeat
                    break;
                case Actuation a:
                    if (nextTick - a.Tick <= SendTimeRing)
                    {
                        long roundTrip = arrived - _sendTimes[a.Tick % SendTimeRing];
                        Report.RoundTrip.Add(roundTrip);
                        if (roundTrip > _stepWallTicks)
                        {
                            Report.LateAnswers++; // the next tick was due before it came: the target missed its deadline
                        }
                    }
                    Accept(src, a, timeNs);
                    break;
                case Refusal r:
                    throw new HilException(Invariant($"target ended the session at t = {timeNs / 1e9:F3} s: {r.Reason}"));
                default:
                    break;
            }
        }
    }

    /// <summary>When the target was last heard of (Stopwatch): its last message, or the start of the run.</summary>
    private long LastHeard => Math.Max(_runStart, _control.LastHeard);

    private void CheckLost(long now, long timeNs)
    {
        if (now - LastHeard > Ticks(_options.HeartbeatTimeout))
        {
            throw new HilException(Invariant($"target lost at t={timeNs / 1e9:F3} s: nothing from it for {_options.HeartbeatTimeout.TotalSeconds:G} s"));
        }
    }

    private void CheckInterrupted()
    {
        if (_interrupted is { } reason)
        {
            throw new HilException(reason);
        }
    }

    /// <summary>The control channel's next message; a target speaking another version has been refused and ends the run.</summary>
    private ReceivedMessage? Receive(TimeSpan timeout, long timeNs)
    {
        try
        {
            return _control.Receive(timeout);
        }
        catch (ProtocolException e)
        {
            throw new HilException(Invariant($"at t = {timeNs / 1e9:F3} s {e.Message}"));
        }
    }

    /// <summary>Turns an answer into a demand, queued to apply after the actuation delay; records perception and debug values.</summary>
    private void Accept(TickSource src, Actuation a, long timeNs)
    {
        if (a.Mode != _reply.Mode)
        {
            Report.InvalidAnswers++;
            return;
        }
        double steer, accel;
        if (a.Mode == ActuationMode.Command)
        {
            // Finite by the codec: a non-finite value makes the whole message malformed.
            (steer, accel) = (a.SteeringAngle, a.Acceleration);
        }
        else
        {
            _canAnswers++;
            foreach (CanFrame f in a.CanFrames)
            {
                CanActuationStatus status = _options.Can!.Decode(f.Id & 0x1FFF_FFFFu, (f.Id & 0x8000_0000u) != 0, f.Data, ref _can);
                Report.Count(status, f.Id);
                _canFrames++;
                if (status is CanActuationStatus.Decoded or CanActuationStatus.CounterJump)
                {
                    _canWarned = true; // one frame got through: the target speaks the bus
                }
            }
            if (_canAnswers == CanWarnAfter)
            {
                WarnIfCanIgnored(final: false);
            }
            steer = _can.SteeringActive ? _can.RoadWheelAngle : 0;
            accel = _can.AccelerationActive ? _can.Acceleration : 0;
        }
        src.Answered(a.Tick, a);
        if (a.Debug is { } values)
        {
            foreach (KeyValuePair<string, double> kv in values)
            {
                Report.Debug(kv.Key, kv.Value);
                if (kv.Key == AebStageKey && kv.Value is 0 or 1 or 2)
                {
                    src.ReportAeb((int)kv.Value);
                }
            }
        }
        long delaySteps = (_options.ActuationDelayNs + _stepNs - 1) / _stepNs;
        _pending.Enqueue((timeNs + delaySteps * _stepNs, steer, accel));
        (_newestApplied, _anyApplied) = (a.Tick, true);
        Report.AnswersApplied++;
    }

    private void ApplyDue(TickSource src, long timeNs)
    {
        bool any = false;
        (long, double Steer, double Accel) latest = default;
        while (_pending.TryPeek(out var p) && p.ApplyAtNs <= timeNs)
        {
            latest = _pending.Dequeue();
            any = true;
        }
        if (any)
        {
            src.Apply(latest.Steer, latest.Accel);
        }
    }

    /// <summary>CAN answers after which a target none of whose frames decoded is warned about.</summary>
    private const int CanWarnAfter = 10;

    /// <summary>
    /// Warns once when no CAN answer so far carried a frame the DBC decodes as actuation: the ego
    /// then gets no demand from the target at all, and a bench should hear of it before the crash.
    /// </summary>
    private void WarnIfCanIgnored(bool final)
    {
        if (_canWarned || _reply.Mode != ActuationMode.Can || _canAnswers == 0)
        {
            return;
        }
        _canWarned = true;
        HilReport.CanCounts c = Report.Can;
        string ids = string.Join(", ", Report.UnmatchedCanIds.Select(id => Invariant($"0x{id:X8}")));
        string why = _canFrames == 0 ? "they carried no frames"
            : Invariant($"of their {_canFrames} frames {c.NotActuation} have an id that is not an actuation message ({(ids.Length > 0 ? ids : "none")}), {c.BadChecksum} a bad checksum, {c.WrongLength} a short length");
        string message = Invariant($"none of the target's {(final ? "" : "first ")}{_canAnswers} CAN answers carried a frame the DBC decodes as actuation: {why}; the ego gets no demand from it. ")
            + Invariant($"Ids are sent as the DBC gives them: 11-bit standard ids as they are ({_options.Can!.ExpectedIds}); bit 31 (0x80000000) is set only on 29-bit extended ids");
        Report.Warnings.Add(message);
        Warning?.Invoke(message);
    }

    private static string Invariant(FormattableString s) => FormattableString.Invariant(s);

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
