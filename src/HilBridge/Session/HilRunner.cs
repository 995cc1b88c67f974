using System.Buffers;
using System.Diagnostics;
using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using HilBridge.Transport;
using SensorModels.Can;
using SensorModels.Runtime;
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
    private (int Gen0, int Gen1, int Gen2, long AllocatedBytes) _gcAtStart;
    private CanActuation _can;
    private long _stepNs;
    private volatile string? _interrupted;
    private long _lastTimeNs;
    private long _canAnswers;
    private long _canFrames;
    private bool _canWarned;
    private ulong _newestApplied;
    private bool _anyApplied;
    private long _stepWallTicks;
    private long _start;
    private readonly ArrayBufferWriter<byte> _tickBuffer = new(4096);
    private ulong _tick;
    private Simulator? _driven;
    private int _ego;
    private EntitySnapshot[] _snapshots = [];

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

    /// <summary>The sink the sensor rig writes to: what the target asked for goes out with the tick.</summary>
    public TickFrameBuffer Frames { get; }

    /// <summary>What the run measured.</summary>
    public HilReport Report { get; }

    /// <summary>Each answer the session accepted, with the tick it answers (for recording and scoring).</summary>
    public event Action<ulong, Actuation>? Answered;

    /// <summary>
    /// Closed loop: hands entity <paramref name="ego"/> to the target and hooks the session into
    /// <paramref name="stages"/>: the sensor outputs of each state go out with its tick at
    /// <see cref="StepStages.BeforeStep"/>, where (lockstep) the answer is awaited and the demand
    /// applied; the target's AEB stage reaches the AEB KPI.
    /// </summary>
    public void Attach(StepStages stages, int ego)
    {
        Simulator sim = stages.Simulator;
        sim.UseExternalDriver(ego);
        (_driven, _ego) = (sim, ego);
        _snapshots = new EntitySnapshot[sim.EntityCount];
        stages.Starting += s => Start(s.Step.Nanoseconds);
        stages.SensorOutput += Frames.Write;
        stages.BeforeStep += s => Exchange(s.Time.Nanoseconds, _reply.WantsVehicleState ? VehicleOf(s) : null); // the snapshot only when asked for
        stages.Ending += s => LastAnswers(s.Time.Nanoseconds);
        stages.Ended += _ => Close();
    }

    /// <summary>
    /// Runs <paramref name="sim"/> to its end with entity <paramref name="ego"/> driven by the
    /// target (<see cref="Attach"/>); no sensors.
    /// </summary>
    /// <exception cref="HilException">The target was lost, did not answer in time, or refused.</exception>
    public RunResult Run(Simulator sim, int ego)
    {
        var stages = new StepStages(sim);
        Attach(stages, ego);
        return stages.Run();
    }

    /// <summary>Starts the session's clocks (real time: the pacing) for ticks <paramref name="stepNs"/> apart.</summary>
    public void Start(long stepNs)
    {
        _stepNs = stepNs;
        _start = Stopwatch.GetTimestamp();
        _stepWallTicks = (long)(_stepNs * PerSimNs);
        _tick = 0;
    }

    /// <summary>
    /// One tick at <paramref name="timeNs"/> with the outputs in <see cref="Frames"/> and the ego's
    /// state (sent only when the target asked for it): lockstep sends it, waits for the answer and applies it; real time takes the target's
    /// answers until the tick is due, sends it without waiting and applies what is due.
    /// </summary>
    /// <exception cref="HilException">The target was lost, did not answer in time, or refused (EndOfRun(error) is sent).</exception>
    public void Exchange(long timeNs, VehicleState? vehicle)
    {
        vehicle = _reply.WantsVehicleState ? vehicle : null;
        try
        {
            ulong tick = _tick;
            if (tick == 0)
            {
                if (_options.Mode == HilMode.RealTime)
                {
                    // The paced clock starts with the first tick, as a bench's does with its first frame:
                    // the initial state's outputs (a lidar's whole sweep ending at t = 0, buffers touched
                    // for the first time) are the run's preparation, not a late tick 0 and ten late ticks after it.
                    // So is the garbage of loading and of that first state: collected now, it does not
                    // stop the run's threads (10-15 ms) a few seconds in; the loop itself allocates about 0.6 MB/s (result.json hil.gc).
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                    _start = Stopwatch.GetTimestamp() - (long)(timeNs * PerSimNs);
                }
                _gcAtStart = GcCounts();
            }
            if (_options.Mode == HilMode.Lockstep)
            {
                long sent = SendTick(tick, timeNs, vehicle, blocking: true);
                Actuation a = AwaitAnswer(tick, timeNs);
                Report.RoundTrip.Add(Stopwatch.GetTimestamp() - sent);
                // The answer proves the tick's frames reached the target: their arrays may be reused.
                Frames.Recycle();
                Accept(a, timeNs);
            }
            else
            {
                Pump(tick, timeNs, Due(timeNs));
                long sent = SendTick(tick, timeNs, vehicle, blocking: false);
                long late = sent - Due(timeNs);
                Report.TickLateness.Add(late);
                if (late > _stepWallTicks)
                {
                    Report.MissDeadline(timeNs);
                }
                if (sent != 0)
                {
                    IReadOnlyList<FrameDescriptor> frames = Frames.Frames;
                    for (int i = 0; i < frames.Count; i++) // indexed: foreach over the interface boxes an enumerator per tick
                    {
                        Report.Stream(frames[i].Frame.Sensor).Latency.Add(sent - Due(frames[i].Frame.EndNanoseconds));
                    }
                }
                Frames.Recycle();
            }
            ApplyDue(timeNs);
            _tick = tick + 1;
        }
        catch (HilException e)
        {
            Fail(e, timeNs);
            throw;
        }
    }

    /// <summary>
    /// After the last tick, at <paramref name="timeNs"/>: real time lets the last step end on the
    /// paced clock and takes the answers still coming; then the session is over (the last state's
    /// outputs have no tick).
    /// </summary>
    /// <exception cref="HilException">The target was lost or ended the session (EndOfRun(error) is sent).</exception>
    public void Finish(long timeNs)
    {
        LastAnswers(timeNs);
        Close();
    }

    private void LastAnswers(long timeNs)
    {
        try
        {
            if (_options.Mode == HilMode.RealTime)
            {
                // A run of d simulated seconds lasts d / factor on the wall clock, not one step less,
                // and answers to the last tick still arrive (and are timed).
                Pump(_tick, timeNs, Due(timeNs));
            }
        }
        catch (HilException e)
        {
            Fail(e, timeNs);
            throw;
        }
    }

    private void Close()
    {
        if (_tick > 0)
        {
            (int g0, int g1, int g2, long bytes) = GcCounts();
            (g0, g1, g2) = (g0 - _gcAtStart.Gen0, g1 - _gcAtStart.Gen1, g2 - _gcAtStart.Gen2);
            // CollectionCount(n) counts the collections of generation n and older: each one once, by the oldest it collected.
            Report.Collections = (g0 - g1, g1 - g2, g2, bytes - _gcAtStart.AllocatedBytes);
        }
        Frames.Recycle(); // the last state has no tick: nothing answers it
        if (Report.Error is null)
        {
            WarnIfCanIgnored(final: true);
        }
        Report.CountRejections(_control);
    }

    /// <summary>Ends the session: the run's status, reason and result summary (result.json's text) to the target.</summary>
    public void End(long timeNs, string status, string reason, string summaryJson)
        => _control.Send(MessageType.EndOfRun, timeNs, new EndOfRun(status, reason, summaryJson));

    /// <summary>The ego's state as a tick carries it.</summary>
    private VehicleState VehicleOf(Simulator sim)
    {
        sim.GetSnapshot(_snapshots);
        EntitySnapshot e = _snapshots[_ego];
        return new VehicleState(e.X, e.Y, e.Z, e.Heading, e.Pitch, 0, e.Speed, e.LateralVelocity, e.Acceleration, e.LateralAcceleration, e.YawRate, e.SteeringAngle);
    }

    private double PerSimNs => Stopwatch.Frequency / 1e9 / _options.RealTimeFactor;

    private long Due(long simNs) => _start + (long)(simNs * PerSimNs);

    private void Fail(HilException e, long timeNs)
    {
        Report.Error = e.Message;
        Report.CountRejections(_control);
        // After a Refusal (either way) or an interrupt's EndOfRun the control server sends nothing more.
        _control.Send(MessageType.EndOfRun, timeNs, new EndOfRun("error", e.Message, "{}"));
    }

    /// <summary>Sends tick <paramref name="tick"/>; returns the Stopwatch time it left, or 0 when it was dropped.</summary>
    private long SendTick(ulong tick, long t, VehicleState? state, bool blocking)
    {
        CheckInterrupted();
        Volatile.Write(ref _lastTimeNs, t);
        var envelope = new Envelope(WireCodec.Version, MessageType.Tick, t, tick);
        var body = new Tick(tick, Frames.Frames, state);
        long sent = Stopwatch.GetTimestamp();
        _sendTimes[tick % SendTimeRing] = sent;
        Report.Ticks = tick + 1;
        if (blocking)
        {
            SendWaiting(WireCodec.Encode(envelope, body), tick, t);
        }
        else if (!_data.SendPooled(EncodeTick(envelope, body), Frames.Messages, TimeSpan.Zero))
        {
            Report.DroppedTicks++;
            for (int i = 0; i < Frames.Frames.Count; i++)
            {
                Report.Stream(Frames.Frames[i].Frame.Sensor).Dropped++;
            }
            return 0;
        }
        for (int i = 0; i < Frames.Frames.Count; i++)
        {
            Report.Stream(Frames.Frames[i].Frame.Sensor).Frames++;
        }
        return sent;
    }

    /// <summary>Real time: the tick's envelope in a buffer kept for the next (the socket gets a pooled copy).</summary>
    private ReadOnlySpan<byte> EncodeTick(Envelope envelope, Tick body)
    {
        _tickBuffer.ResetWrittenCount();
        WireCodec.Encode(_tickBuffer, envelope, body);
        return _tickBuffer.WrittenSpan;
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
                Judge(m, tick, timeNs, sent: false);
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
            if (Judge(m, tick, timeNs, sent: true) is { } answer)
            {
                return answer;
            }
        }
    }

    /// <summary>
    /// Lockstep: a message while tick <paramref name="tick"/> is being handed over (<paramref name="sent"/>
    /// false) or awaits its answer: the answer, or null after counting others; a Refusal ends the run.
    /// </summary>
    private Actuation? Judge(ReceivedMessage m, ulong tick, long timeNs, bool sent)
    {
        switch (m.Body)
        {
            case Actuation a when sent && a.Tick == tick:
                return a;
            case Actuation a when a.Tick < tick:
                Report.StaleAnswers++;
                return null;
            case Actuation:
                Report.FutureAnswers++;
                return null;
            case Refusal r:
                throw new HilException(Invariant($"target ended the session at tick {tick} (t = {timeNs / 1e9:F3} s): {r.Reason}"));
            default:
                return null; // heartbeats
        }
    }

    /// <summary>Real time: takes the target's messages until <paramref name="until"/> (Stopwatch), applying answers as they come.</summary>
    private void Pump(ulong nextTick, long timeNs, long until)
    {
        Volatile.Write(ref _lastTimeNs, timeNs);
        while (true)
        {
            long now = Stopwatch.GetTimestamp();
            long wake = Math.Min(until, now + Ticks(WaitSlice));
            // Waits are in whole milliseconds: the last 1.5 ms before a tick's time are polled
            // every 50 us instead, so ticks leave within about 0.1 ms of it rather than up to 1 ms late.
            bool close = wake - now < Ticks(SpinWindow);
            ReceivedMessage? m = Receive(close ? TimeSpan.Zero : TimeSpan.FromTicks((wake - now - Ticks(SpinWindow)) * TimeSpan.TicksPerSecond / Stopwatch.Frequency), timeNs);
            if (m is null)
            {
                if (close)
                {
                    ShortSleep.For(Math.Min(50, (int)((until - Stopwatch.GetTimestamp()) * 1_000_000 / Stopwatch.Frequency)));
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
                    Accept(a, timeNs);
                    break;
                case Refusal r:
                    throw new HilException(Invariant($"target ended the session at t = {timeNs / 1e9:F3} s: {r.Reason}"));
                default:
                    break;
            }
        }
    }

    /// <summary>When the target was last heard of (Stopwatch): its last message, or the start of the run.</summary>
    private long LastHeard => Math.Max(_start, _control.LastHeard);

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

    private static (int Gen0, int Gen1, int Gen2, long AllocatedBytes) GcCounts()
        => (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(precise: false));

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

    /// <summary>Turns an answer into a demand, queued to apply after the actuation delay from <paramref name="timeNs"/>; records perception and debug values.</summary>
    private void Accept(Actuation a, long timeNs)
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
            // Indexed, not foreach: an interface's enumerator is an allocation per answer.
            for (int i = 0; i < a.CanFrames.Count; i++)
            {
                CanFrame f = a.CanFrames[i];
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
        Answered?.Invoke(a.Tick, a);
        if (a.Debug is { } values)
        {
            for (int i = 0; i < values.Count; i++)
            {
                KeyValuePair<string, double> kv = values[i];
                Report.Debug(kv.Key, kv.Value);
                if (kv.Key == AebStageKey && kv.Value is 0 or 1 or 2)
                {
                    _driven?.ReportAeb(_ego, (int)kv.Value);
                }
            }
        }
        long delaySteps = (_options.ActuationDelayNs + _stepNs - 1) / _stepNs;
        _pending.Enqueue((timeNs + delaySteps * _stepNs, steer, accel));
        (_newestApplied, _anyApplied) = (a.Tick, true);
        Report.AnswersApplied++;
    }

    private void ApplyDue(long timeNs)
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
            _driven?.SetDemand(_ego, latest.Steer, latest.Accel);
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
