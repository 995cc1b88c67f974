using System.Text.Json;
using HilBridge.Protocol;
using SensorModels.Can;

namespace HilBridge.Session;

/// <summary>
/// What a HIL run measured: ticks, answers and how they fared, round trips, per-stream latency and
/// drops, deadline misses, rejected messages, CAN decoding and the target's debug values. Written
/// into result.json as "hil" (docs/hil-protocol.md, "Run report").
/// </summary>
public sealed class HilReport
{
    private readonly SortedDictionary<string, StreamStats> _streams = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, DebugStats> _debug = new(StringComparer.Ordinal);
    private readonly long[] _can = new long[Enum.GetValues<CanActuationStatus>().Length];

    /// <summary>Per-stream counters.</summary>
    public sealed class StreamStats
    {
        /// <summary>Frames handed to the socket.</summary>
        public long Frames { get; set; }

        /// <summary>Frames dropped because the target did not take them in time (real time).</summary>
        public long Dropped { get; set; }

        /// <summary>Real time: wall time from when the frame was due (its end time on the paced clock) to its send.</summary>
        public LatencySamples Latency { get; } = new();
    }

    private sealed class DebugStats
    {
        public long Count;
        public long Finite;
        public double Min = double.PositiveInfinity;
        public double Max = double.NegativeInfinity;
        public double Sum;
        public double Last;
    }

    /// <summary>Lockstep or real time.</summary>
    public HilMode Mode { get; init; }

    /// <summary>Real-time factor (real time only).</summary>
    public double RealTimeFactor { get; init; } = 1.0;

    /// <summary>Actuation delay (ns).</summary>
    public long ActuationDelayNs { get; init; }

    /// <summary>The target's name and version from its HelloReply.</summary>
    public string Target { get; init; } = "";

    /// <summary>How it actuates.</summary>
    public string Actuation { get; init; } = "";

    /// <summary>Ticks sent.</summary>
    public ulong Ticks { get; set; }

    /// <summary>Answers applied to the ego.</summary>
    public long AnswersApplied { get; set; }

    /// <summary>Answers to ticks already answered, or older than one already applied: ignored.</summary>
    public long StaleAnswers { get; set; }

    /// <summary>Answers to ticks not sent yet: ignored.</summary>
    public long FutureAnswers { get; set; }

    /// <summary>Answers whose content cannot be applied (not finite, another actuation mode): ignored.</summary>
    public long InvalidAnswers { get; set; }

    /// <summary>Ticks the target did not take in time (real time), all their frames with them.</summary>
    public long DroppedTicks { get; set; }

    /// <summary>Real time: answers that arrived more than one step (wall clock) after their tick left: the target missed its deadline.</summary>
    public long LateAnswers { get; set; }

    /// <summary>Real time: ticks sent more than one step after they were due.</summary>
    public long DeadlineMisses { get; set; }

    /// <summary>Most deadline misses whose simulated times are listed (a stall's time points at its cause).</summary>
    public const int MissTimesKept = 64;

    private readonly List<long> _missTimes = new(MissTimesKept);

    /// <summary>Real time: the simulated times (ns) of the first <see cref="MissTimesKept"/> deadline misses.</summary>
    public IReadOnlyList<long> DeadlineMissTimes => _missTimes;

    /// <summary>Counts a deadline miss of the tick at <paramref name="timeNs"/>.</summary>
    public void MissDeadline(long timeNs)
    {
        DeadlineMisses++;
        if (_missTimes.Count < MissTimesKept)
        {
            _missTimes.Add(timeNs);
        }
    }

    /// <summary>
    /// The process's garbage collections from tick 0 to the last tick, each counted once by the oldest
    /// generation it collected (0, 1, 2), and the bytes it allocated meanwhile (every thread's): a
    /// collection stops the simulation thread, which is a late tick in real time.
    /// </summary>
    public (int Gen0, int Gen1, int Gen2, long AllocatedBytes) Collections { get; set; }

    /// <summary>From a tick's send to its answer's arrival.</summary>
    public LatencySamples RoundTrip { get; } = new();

    /// <summary>Real time: how late each tick left against the paced clock; its spread is the jitter.</summary>
    public LatencySamples TickLateness { get; } = new();

    /// <summary>
    /// Control messages rejected (malformed, wrong version, oversized), from strangers, sends that
    /// failed, and valid messages dropped unread because the simulator stalled with 1024 waiting.
    /// </summary>
    public (long Malformed, long WrongVersion, long Oversized, long Strangers, long SendFailures, long Unread) Rejected { get; set; }

    /// <summary>Why the run ended early, or null.</summary>
    public string? Error { get; set; }

    /// <summary>Perception scoring, written as "perception" when set.</summary>
    public Action<Utf8JsonWriter>? Perception { get; set; }

    /// <summary>Counters of a stream (created on first use).</summary>
    public StreamStats Stream(string name)
    {
        if (!_streams.TryGetValue(name, out StreamStats? s))
        {
            _streams[name] = s = new StreamStats();
        }
        return s;
    }

    /// <summary>Counts a CAN frame's decoding; <paramref name="id"/> as the wire carries it (bit 31 for extended ids).</summary>
    public void Count(CanActuationStatus status, uint id)
    {
        _can[(int)status]++;
        if (status == CanActuationStatus.NotActuation && _unmatched.Count < 8 && !_unmatched.Contains(id))
        {
            _unmatched.Add(id);
        }
    }

    private readonly List<uint> _unmatched = [];

    /// <summary>The first (up to 8) distinct ids of CAN frames that were not actuation messages.</summary>
    public IReadOnlyList<uint> UnmatchedCanIds => _unmatched;

    /// <summary>CAN actuation frames by what became of them.</summary>
    public readonly record struct CanCounts(long Decoded, long CounterJumps, long BadChecksum, long WrongLength, long NotActuation);

    /// <summary>The CAN counters so far.</summary>
    public CanCounts Can => new(_can[(int)CanActuationStatus.Decoded], _can[(int)CanActuationStatus.CounterJump], _can[(int)CanActuationStatus.BadChecksum],
        _can[(int)CanActuationStatus.WrongLength], _can[(int)CanActuationStatus.NotActuation]);

    /// <summary>What the run warned about (each once), written as "warnings" when any.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Records a named debug value from the target.</summary>
    public void Debug(string name, double value)
    {
        if (!_debug.TryGetValue(name, out DebugStats? d))
        {
            _debug[name] = d = new DebugStats();
        }
        d.Count++;
        d.Last = value;
        if (double.IsFinite(value))
        {
            d.Min = Math.Min(d.Min, value);
            d.Max = Math.Max(d.Max, value);
            d.Sum += value;
            d.Finite++;
        }
    }

    /// <summary>Takes the rejection counters of <paramref name="control"/>.</summary>
    internal void CountRejections(Transport.ControlServer control)
        => Rejected = (control.Rejected(RejectReason.Malformed), control.Rejected(RejectReason.WrongVersion), control.Rejected(RejectReason.Oversized), control.Strangers, control.SendFailures, control.Unread);

    /// <summary>Writes the report as one JSON object.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("mode", Mode == HilMode.Lockstep ? "lockstep" : "real_time");
        w.WriteString("target", Target);
        w.WriteString("actuation", Actuation);
        if (Mode == HilMode.RealTime)
        {
            w.WriteNumber("real_time_factor", RealTimeFactor);
        }
        w.WriteNumber("actuation_delay_s", ActuationDelayNs / 1e9);
        w.WriteNumber("ticks", Ticks);
        w.WriteNumber("answers_applied", AnswersApplied);
        w.WriteNumber("stale_answers", StaleAnswers);
        w.WriteNumber("future_answers", FutureAnswers);
        w.WriteNumber("invalid_answers", InvalidAnswers);
        w.WritePropertyName("round_trip");
        RoundTrip.WriteJson(w);
        w.WriteStartObject("gc");
        w.WriteNumber("collections_gen0", Collections.Gen0);
        w.WriteNumber("collections_gen1", Collections.Gen1);
        w.WriteNumber("collections_gen2", Collections.Gen2);
        w.WriteNumber("allocated_bytes_per_tick", Ticks == 0 ? 0 : Collections.AllocatedBytes / (double)Ticks);
        w.WriteEndObject();
        if (Mode == HilMode.RealTime)
        {
            w.WriteNumber("deadline_misses", DeadlineMisses);
            w.WriteStartArray("deadline_miss_times_s");
            foreach (long t in _missTimes)
            {
                w.WriteNumberValue(t / 1e9);
            }
            w.WriteEndArray();
            w.WriteNumber("late_answers", LateAnswers);
            w.WriteNumber("dropped_ticks", DroppedTicks);
            w.WritePropertyName("tick_lateness");
            TickLateness.WriteJson(w);
        }
        w.WriteStartObject("streams");
        foreach ((string name, StreamStats s) in _streams)
        {
            w.WriteStartObject(name);
            w.WriteNumber("frames", s.Frames);
            w.WriteNumber("dropped", s.Dropped);
            if (Mode == HilMode.RealTime)
            {
                w.WritePropertyName("latency");
                s.Latency.WriteJson(w);
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("rejected");
        w.WriteNumber("malformed", Rejected.Malformed);
        w.WriteNumber("wrong_version", Rejected.WrongVersion);
        w.WriteNumber("oversized", Rejected.Oversized);
        w.WriteNumber("strangers", Rejected.Strangers);
        w.WriteNumber("send_failures", Rejected.SendFailures);
        w.WriteNumber("unread", Rejected.Unread);
        w.WriteEndObject();
        if (Actuation == "can")
        {
            w.WriteStartObject("can");
            w.WriteNumber("decoded", _can[(int)CanActuationStatus.Decoded]);
            w.WriteNumber("counter_jumps", _can[(int)CanActuationStatus.CounterJump]);
            w.WriteNumber("bad_checksum", _can[(int)CanActuationStatus.BadChecksum]);
            w.WriteNumber("wrong_length", _can[(int)CanActuationStatus.WrongLength]);
            w.WriteNumber("not_actuation", _can[(int)CanActuationStatus.NotActuation]);
            w.WriteEndObject();
        }
        w.WriteStartObject("debug");
        foreach ((string name, DebugStats d) in _debug)
        {
            w.WriteStartObject(name);
            w.WriteNumber("count", d.Count);
            if (d.Min <= d.Max)
            {
                w.WriteNumber("min", d.Min);
                w.WriteNumber("max", d.Max);
                w.WriteNumber("mean", d.Sum / d.Finite);
            }
            if (double.IsFinite(d.Last))
            {
                w.WriteNumber("last", d.Last);
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        if (Perception is { } p)
        {
            w.WritePropertyName("perception");
            p(w);
        }
        if (Warnings.Count > 0)
        {
            w.WriteStartArray("warnings");
            foreach (string warning in Warnings)
            {
                w.WriteStringValue(warning);
            }
            w.WriteEndArray();
        }
        if (Error is { } e)
        {
            w.WriteString("error", e);
        }
        w.WriteEndObject();
    }
}
