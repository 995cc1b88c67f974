using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using HilBridge.Session;
using Sim.Runtime.Recording.Foxglove;
using Mcap;
using Osi;
using SensorModels.Output;
using SensorModels.Radar;
using SensorModels.Can;
using SensorModels.Rig;
using SensorModels.Runtime;
using Sim.Runtime.Hil;
using SimCore.Diagnostics;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Runtime.Recording;

/// <summary>
/// `sim run --record FILE`: writes the run to MCAP as it goes (docs/mcap.md): every sensor stream
/// in its exact layout, the ego state, the ground truth and the actuation per tick, the events,
/// the scenario and rig files, and a Foxglove view (point clouds, boxes, images, transforms).
/// The file is FILE.partial until <see cref="Complete"/> renames it; a run cut short leaves the
/// .partial, readable up to its last complete chunk.
/// </summary>
/// <remarks>
/// The simulation thread only copies what a tick produced into a queue; a writer thread of its own
/// builds the messages (MessagePack, the Foxglove view), compresses and writes, in the order the
/// tick produced them, so the file is the same bytes as if written in line. The queue holds at
/// most <see cref="QueueBudgetBytes"/>: past that the tick waits for the writer, and each wait is
/// counted (result.json's "recording" section), never silent.
/// </remarks>
internal sealed class RunRecorder : ISensorSink, IDisposable
{
    private const string MessagePackEncoding = "msgpack";
    private static readonly long MountInterval = 1_000_000_000;

    /// <summary>The writer thread's nice value: below the simulation's, above idle work.</summary>
    internal const int WriterNice = 10;

    /// <summary>Bytes of copied outputs the queue may hold: about 15 sweeps of a 128-channel lidar.</summary>
    internal const long QueueBudgetBytes = 64L << 20;

    // Copies are taken on the simulation thread and returned on the writer's: ArrayPool.Shared keeps
    // arrays per thread and per core, so most returns missed the next rent and every copy of the full
    // rig's lidar became large-object garbage (a gen-2 collection every 1-2 s in real time). A shared
    // pool keeps them; the queue budget bounds how many are out at once.
    private static readonly ArrayPool<byte> Copies = ArrayPool<byte>.Create(maxArrayLength: 64 << 20, maxArraysPerBucket: 256);

    /// <summary>What a state, an actuation or an empty frame weighs against the budget.</summary>
    private const int SmallItemBytes = 256;

    private readonly string _path;
    private readonly DropBehindStream _file;
    private readonly McapWriter _mcap;
    private readonly FoxgloveEncoder _foxglove = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private readonly Dictionary<string, (ushort Own, ushort? View, string Format, long PeriodNs)> _streams = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<SensorDefinition> _mounts;
    private readonly ushort _egoChannel, _groundTruth, _actuation, _events, _tf, _tfStatic;
    private readonly int _ego;
    private readonly bool _external;
    private string _finalPath = "";
    private RecordProfile _profile;
    private McapCompression _compression;
    private readonly Dictionary<ushort, uint> _sequences = new();
    private ulong _tick;
    private long _timeNs;
    private long _nextMountsNs;
    private bool _completed;
    private OsiWorld? _osi;
    private ushort _osiGroundTruth;
    private ushort[] _osiViews = [];
    private bool _osiStarted;
    private bool[] _osiViewStarted = [];
    private readonly ArrayBufferWriter<byte> _osiBuffer = new(1 << 16);
    private readonly ArrayBufferWriter<byte> _actuationBuffer = new(1 << 10);

    private readonly BlockingCollection<Work> _queue = new(new ConcurrentQueue<Work>());
    private readonly ConcurrentBag<EntitySnapshot[]> _freeSnapshots = new();
    private readonly object _gate = new();
    private readonly Thread _writer;
    private volatile ExceptionDispatchInfo? _failure;
    private long _queuedBytes;
    private long _waits;
    private long _waitedTicks;
    private bool _drained;
    private bool _realTime;

    private RunRecorder(string path, DropBehindStream file, McapWriter mcap, IReadOnlyList<SensorManifestEntry> manifest, IReadOnlyList<SensorDefinition> mounts, int ego, bool external)
    {
        (_path, _file, _mcap, _mounts, _ego, _external) = (path, file, mcap, mounts, ego, external);
        _writer = new Thread(WriteQueued) { IsBackground = true, Name = "recording writer" };
        _egoChannel = mcap.AddChannel(0, RecordingTopics.Ego, MessagePackEncoding, Layout("[tick, x, y, z, yaw, pitch, roll, speed, lateral_speed, acceleration, lateral_acceleration, yaw_rate, steering_angle]"));
        _groundTruth = mcap.AddChannel(0, RecordingTopics.GroundTruth, MessagePackEncoding, Layout("[tick, ego_index, [[id, name, kind, x, y, z, heading, pitch, speed, lateral_velocity, yaw_rate, acceleration, length, width, height, center_offset_x, is_ego]...]]"));
        _actuation = mcap.AddChannel(0, RecordingTopics.Actuation, MessagePackEncoding, Layout("the HIL protocol's Actuation message, envelope and all (docs/hil-protocol.md)"));
        _events = mcap.AddChannel(0, RecordingTopics.Events, "json", Layout("{time, type, name, entities, detail}"));
        ushort transform = mcap.AddSchema(FoxgloveSchemas.FrameTransform, FoxgloveSchemas.SchemaEncoding, System.Text.Encoding.UTF8.GetBytes(FoxgloveSchemas.Text(FoxgloveSchemas.FrameTransform)));
        ushort transforms = mcap.AddSchema(FoxgloveSchemas.FrameTransforms, FoxgloveSchemas.SchemaEncoding, System.Text.Encoding.UTF8.GetBytes(FoxgloveSchemas.Text(FoxgloveSchemas.FrameTransforms)));
        _tf = mcap.AddChannel(transform, RecordingTopics.Transforms, FoxgloveSchemas.MessageEncoding);
        _tfStatic = mcap.AddChannel(transforms, RecordingTopics.StaticTransforms, FoxgloveSchemas.MessageEncoding);
        var schemas = new Dictionary<string, ushort>(StringComparer.Ordinal);
        ushort Schema(string name) => schemas.TryGetValue(name, out ushort id) ? id
            : schemas[name] = mcap.AddSchema(name, FoxgloveSchemas.SchemaEncoding, System.Text.Encoding.UTF8.GetBytes(FoxgloveSchemas.Text(name)));
        foreach (SensorManifestEntry s in manifest)
        {
            var meta = new Dictionary<string, string>
            {
                ["layout"] = "[stream, sequence, start_ns, end_ns, format, payload (bin)]; payload per docs/sensors/*.md",
                ["type"] = s.Type,
                ["format"] = s.Format,
                ["rate_hz"] = Num(s.RateHz),
                ["mount"] = string.Join(',', new[] { s.X, s.Y, s.Z, s.Roll, s.Pitch, s.Yaw }.Select(Num)),
            };
            if (s.CalibrationJson is { } calibration)
            {
                meta["calibration"] = calibration;
            }
            ushort own = mcap.AddChannel(0, RecordingTopics.SensorPrefix + s.Name, MessagePackEncoding, meta);
            string? view = ViewSchema(s.Format);
            ushort? viewChannel = view is null ? null : mcap.AddChannel(Schema(view), RecordingTopics.FoxglovePrefix + s.Name, FoxgloveSchemas.MessageEncoding);
            _streams[s.Name] = (own, viewChannel, s.Format, (long)Math.Round(1e9 / s.RateHz));
        }
    }

    /// <summary>
    /// LZ4 acceleration of recordings (as `lz4 --fast=8`): on a full-rig recording, whose lidar floats
    /// barely compress, 2.6x LZ4's default speed for files 1.2x as large (docs/mcap.md).
    /// </summary>
    internal const int Lz4Acceleration = 8;

    /// <summary>
    /// With LZ4, a chunk LZ4 would shrink by less than a quarter is stored uncompressed: a full rig's
    /// chunks are mostly lidar floats, which LZ4 --fast=8 shrinks by 13 % at about 1.25 s of CPU per
    /// GB, while JSON and MessagePack chunks shrink by 70-95 % (docs/mcap.md).
    /// </summary>
    internal const double Lz4MinimumSaving = 0.25;

    /// <summary>Starts the recording at <paramref name="path"/> (written as path.partial).</summary>
    /// <exception cref="IOException">The file cannot be created.</exception>
    private static RunRecorder Create(string path, RecordingInfo info, IReadOnlyList<SensorManifestEntry> manifest, IReadOnlyList<SensorDefinition> mounts,
        IEnumerable<(string Name, string MediaType, byte[] Data)> attachments, McapCompression compression, int ego, bool external, OsiWorld? osi)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }
        File.Delete(path); // an older recording must not pass for this run's
        var file = new DropBehindStream(path + ".partial", 1 << 20);
        var mcap = new McapWriter(file, new McapWriterOptions
        {
            Compression = compression,
            Lz4Acceleration = Lz4Acceleration,
            MinimumCompressionSaving = compression == McapCompression.Lz4 ? Lz4MinimumSaving : 0,
            Profile = "",
            Library = "sim " + RecordingInfo.SimulatorVersion,
        });
        var recorder = new RunRecorder(path, file, mcap, manifest, mounts, ego, external) { _osi = osi, _realTime = info.Mode == "hil_real_time" };
        mcap.WriteMetadata("sim", info.Metadata());
        if (osi is not null)
        {
            recorder.AddOsiChannels(osi);
        }
        foreach ((string name, string mediaType, byte[] data) in attachments)
        {
            mcap.WriteAttachment(0, 0, name, mediaType, data);
        }
        recorder._writer.Start();
        return recorder;
    }

    /// <summary>
    /// Starts recording to <paramref name="path"/>; <paramref name="profile"/> says what the file
    /// holds (the project's channels are written beside it while a ROS 2 profile converts them at the end).
    /// </summary>
    /// <exception cref="InputException">No ego, or the file cannot be created.</exception>
    public static RunRecorder Start(string path, McapCompression compression, RecordProfile profile, string scenarioPath, Scenario scenario, Simulator sim, RigSession? rig, bool hil, string mode, OsiWorld? osi = null)
    {
        int ego = sim.EgoIndex;
        if (ego < 0)
        {
            throw new InputException(new SourceLocation(scenarioPath, 0, 0), "--record needs an ego (an entity with 'driver:'): the recording is organised around its ticks");
        }
        var attachments = new List<(string, string, byte[])>();
        void Attach(string file, string mediaType)
        {
            if (File.Exists(file))
            {
                attachments.Add((Path.GetFileName(file), mediaType, File.ReadAllBytes(file)));
            }
        }
        Attach(scenarioPath, scenarioPath.EndsWith(".xosc", StringComparison.OrdinalIgnoreCase) ? "application/xml" : "application/yaml");
        if (rig is not null)
        {
            Attach(rig.RigPath, "application/yaml");
            foreach (CanBusSensor bus in rig.Rig.Sensors.OfType<CanBusSensor>())
            {
                Attach(bus.Dbc.File, "text/plain");
            }
        }
        IReadOnlyList<SensorManifestEntry> manifest = rig is null ? [] : SensorManifest.FromRig(rig.Rig);
        var info = new RecordingInfo(scenario.Name, scenarioPath, sim.Seed, sim.Step.Nanoseconds, rig?.RigPath, mode);
        try
        {
            if (profile != RecordProfile.Sim)
            {
                File.Delete(path); // an older recording must not pass for this run's
            }
            RunRecorder recorder = Create(OwnPath(path, profile), info, manifest, rig?.Rig.Sensors.Select(s => s.Definition).ToArray() ?? [], attachments, compression, ego, hil, osi);
            (recorder._finalPath, recorder._profile, recorder._compression) = (path, profile, compression);
            return recorder;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(new SourceLocation(path, 0, 0), $"cannot record there: {e.Message}");
        }
    }

    /// <summary>
    /// Records the run of <paramref name="stages"/>: each state at <see cref="StepStages.StateReady"/>
    /// (with, in process, the actuation of the tick before), every sensor output, and each answer
    /// of the HIL target <paramref name="hil"/> when one drives.
    /// </summary>
    public void Attach(StepStages stages, HilSession? hil)
    {
        stages.StateReady += OnState;
        stages.SensorOutput += Write;
        if (hil is not null)
        {
            long stepNs = stages.Simulator.Step.Nanoseconds;
            hil.Answered += (tick, a) => Actuation(tick, (long)tick * stepNs, a);
        }
    }

    /// <summary>
    /// Each state, before the sensors run: in process, first the reference driver's demand for the
    /// tick before (so a tick's actuation precedes the next tick's state in the file), then the state.
    /// </summary>
    private void OnState(Simulator sim)
    {
        if (!_external && sim.Steps > 0)
        {
            (double steer, double accel, int aeb) = sim.LastDemand(_ego);
            ulong tick = (ulong)sim.Steps - 1;
            Actuation(tick, (long)tick * sim.Step.Nanoseconds,
                new Actuation(tick, ActuationMode.Command, steer, accel, [], null, [new KeyValuePair<string, double>(HilRunner.AebStageKey, aeb)]));
        }
        if (!_freeSnapshots.TryTake(out EntitySnapshot[]? snapshots) || snapshots.Length != sim.EntityCount)
        {
            snapshots = new EntitySnapshot[sim.EntityCount];
        }
        sim.GetSnapshot(snapshots);
        Enqueue(new Work(WorkKind.State, (ulong)sim.Steps, sim.Time.Nanoseconds, snapshots, default, null, SmallItemBytes));
        if (_osi is not null)
        {
            OsiMessages(_osi, sim.Time.Nanoseconds);
        }
    }

    /// <summary>
    /// A new state (the initial one, then each step's), before the sensors write theirs: records the
    /// ego, every entity and the world -> ego transform, stamped with the state's time and tick.
    /// </summary>
    private void State(ulong tick, long timeNs, EntitySnapshot[] snapshots, int ego)
    {
        (_tick, _timeNs) = (tick, timeNs);
        EntitySnapshot e = snapshots[ego];
        _buffer.Clear();
        RecordedMessages.WriteEgo(_buffer, _tick, new VehicleState(e.X, e.Y, e.Z, e.Heading, e.Pitch, 0, e.Speed, e.LateralVelocity, e.Acceleration, e.LateralAcceleration, e.YawRate, e.SteeringAngle));
        Message(_egoChannel, _buffer.WrittenSpan);
        _buffer.Clear();
        RecordedMessages.WriteGroundTruth(_buffer, _tick, ego, snapshots);
        Message(_groundTruth, _buffer.WrittenSpan);
        Message(_tf, _foxglove.EgoTransform(_timeNs, e).Span);
        if (_timeNs >= _nextMountsNs && _mounts.Count > 0)
        {
            Message(_tfStatic, _foxglove.MountTransforms(_timeNs, _mounts).Span);
            foreach (SensorDefinition d in _mounts)
            {
                if (d.Type == "camera")
                {
                    // Images are in the optical frame (x right, y down, z forward), as Foxglove reads them.
                    Message(_tf, _foxglove.CameraOpticalTransform(_timeNs, d.Name, d.Name + "_optical").Span);
                }
            }
            _nextMountsNs = _timeNs + MountInterval;
        }
    }

    /// <summary>
    /// OSI's multi-channel trace format (docs/osi.md): a GroundTruth channel and a SensorView channel
    /// per sensor, protobuf schemas holding the FileDescriptorSet, and the net.asam.osi.trace record.
    /// </summary>
    private void AddOsiChannels(OsiWorld osi)
    {
        ushort truth = _mcap.AddSchema(OsiTrace.GroundTruthSchema, OsiTrace.Encoding, OsiTrace.GroundTruthDescriptorSet());
        _osiGroundTruth = _mcap.AddChannel(truth, RecordingTopics.OsiGroundTruth, OsiTrace.Encoding, OsiTrace.ChannelMetadata("osi3.GroundTruth of every state; lanes, lane boundaries and traffic signs in the first message only"));
        if (osi.Sensors.Count > 0)
        {
            ushort view = _mcap.AddSchema(OsiTrace.SensorViewSchema, OsiTrace.Encoding, OsiTrace.SensorViewDescriptorSet());
            _osiViews = osi.Sensors.Select(s => _mcap.AddChannel(view, RecordingTopics.OsiSensorViewPrefix + s, OsiTrace.Encoding,
                OsiTrace.ChannelMetadata($"osi3.SensorView of sensor '{s}' at the sensor's rate; global ground truth with the road in the first message only"))).ToArray();
            _osiViewStarted = new bool[_osiViews.Length];
        }
        _mcap.WriteMetadata(OsiTrace.MetadataName, OsiTrace.FileMetadata());
    }

    /// <summary>
    /// The OSI messages of the state (the world updated at this state's StateReady, before this
    /// handler): serialized here, on the simulation thread, into pooled copies the writer writes;
    /// publish time is the messages' timestamp, as the trace format asks.
    /// </summary>
    private void OsiMessages(OsiWorld osi, long timeNs)
    {
        _osiBuffer.ResetWrittenCount();
        osi.WriteGroundTruth(_osiBuffer, withStatic: !_osiStarted);
        _osiStarted = true;
        EnqueueOsi(_osiGroundTruth, timeNs);
        for (int i = 0; i < _osiViews.Length; i++)
        {
            if (osi.IsDue(i))
            {
                _osiBuffer.ResetWrittenCount();
                osi.WriteSensorView(i, _osiBuffer, withStatic: !_osiViewStarted[i]);
                _osiViewStarted[i] = true;
                EnqueueOsi(_osiViews[i], timeNs);
            }
        }
    }

    /// <summary>Queues a pooled copy of what <see cref="_osiBuffer"/> holds as a message of <paramref name="channel"/>.</summary>
    private void EnqueueOsi(ushort channel, long timeNs)
    {
        Enqueue(new Work(WorkKind.Osi, 0, timeNs, null, default, PooledCopy(_osiBuffer.WrittenSpan), _osiBuffer.WrittenCount, channel));
    }

    /// <summary>The actuation applied for tick <paramref name="tick"/> (at <paramref name="timeNs"/>): a target's answer, or the reference driver's demand.</summary>
    private void Actuation(ulong tick, long timeNs, Actuation a)
    {
        // Encoded into a reused buffer, queued as a pooled copy: a fresh array per tick was most of what a recorded real-time run allocated.
        _actuationBuffer.ResetWrittenCount();
        WireCodec.Encode(_actuationBuffer, new Envelope(WireCodec.Version, MessageType.Actuation, timeNs, tick), a);
        Enqueue(new Work(WorkKind.Actuation, tick, timeNs, null, default, PooledCopy(_actuationBuffer.WrittenSpan), _actuationBuffer.WrittenCount));
    }

    /// <inheritdoc/>
    public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload)
    {
        if (!_streams.ContainsKey(frame.Sensor))
        {
            return;
        }
        // The payload is valid only during this call: the writer gets a copy.
        Enqueue(new Work(WorkKind.Frame, 0, 0, null, frame, PooledCopy(payload), payload.Length));
    }

    /// <summary>A copy of <paramref name="bytes"/> in a pooled array, returned to the pool once written (<see cref="Release"/>).</summary>
    private static byte[] PooledCopy(ReadOnlySpan<byte> bytes)
    {
        byte[] copy = Copies.Rent(bytes.Length);
        bytes.CopyTo(copy);
        return copy;
    }

    /// <summary>Hands <paramref name="work"/> to the writer, first waiting (counted) while the queue is over its budget.</summary>
    private void Enqueue(in Work work)
    {
        _failure?.Throw();
        int bytes = Math.Max(work.Length, SmallItemBytes);
        lock (_gate)
        {
            if (_queuedBytes > 0 && _queuedBytes + bytes > QueueBudgetBytes)
            {
                _waits++;
                long start = Stopwatch.GetTimestamp();
                while (_queuedBytes > 0 && _queuedBytes + bytes > QueueBudgetBytes && _failure is null)
                {
                    Monitor.Wait(_gate);
                }
                _waitedTicks += Stopwatch.GetTimestamp() - start;
            }
            _queuedBytes += bytes;
        }
        _failure?.Throw();
        _queue.Add(work);
    }

    /// <summary>The writer thread: builds and writes each item in queue order; the first failure is kept for the simulation thread to throw.</summary>
    private void WriteQueued()
    {
        // The queue absorbs the lag: the cores go to the simulation and a HIL target first. In real
        // time a niced writer still held a core for a few ms at a time (p99 tick lateness 4-6 ms with
        // LZ4 against 1.2 ms without compression); an idle-class one yields at once. As fast as
        // possible, nothing is idle: the niced writer keeps its share there.
        if (!_realTime || !BackgroundPriority.IdleCurrentThread())
        {
            BackgroundPriority.LowerCurrentThread(WriterNice);
        }
        foreach (Work w in _queue.GetConsumingEnumerable())
        {
            try
            {
                if (_failure is null)
                {
                    switch (w.Kind)
                    {
                        case WorkKind.State:
                            State(w.Tick, w.TimeNs, w.Snapshots!, _ego);
                            break;
                        case WorkKind.Actuation:
                            _mcap.WriteMessage(_actuation, Next(_actuation), (ulong)w.TimeNs, (ulong)w.TimeNs, w.Data.AsSpan(0, w.Length));
                            break;
                        case WorkKind.Frame:
                            Frame(w.Frame, w.Data.AsSpan(0, w.Length));
                            break;
                        case WorkKind.Osi:
                            _mcap.WriteMessage(w.Channel, Next(w.Channel), (ulong)w.TimeNs, (ulong)w.TimeNs, w.Data.AsSpan(0, w.Length));
                            break;
                    }
                }
            }
            catch (Exception e)
            {
                // Handed to the simulation thread, which throws it at its next output as a write in line would have.
                _failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                Release(w);
            }
        }
    }

    private void Release(in Work w)
    {
        if (w.Kind is WorkKind.Frame or WorkKind.Osi or WorkKind.Actuation)
        {
            if (w.Data!.Length > 0)
            {
                Copies.Return(w.Data); // a zero-length copy is the shared empty array, not the pool's
            }
        }
        else if (w.Snapshots is { } snapshots)
        {
            _freeSnapshots.Add(snapshots);
        }
        lock (_gate)
        {
            _queuedBytes -= Math.Max(w.Length, SmallItemBytes);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Ends the writer thread once it has written what is queued (its failure, if any, stays in <see cref="_failure"/>).</summary>
    private void Drain()
    {
        if (_drained)
        {
            return;
        }
        _drained = true;
        _queue.CompleteAdding();
        if (_writer.ThreadState != System.Threading.ThreadState.Unstarted)
        {
            _writer.Join();
        }
    }

    /// <summary>How often the simulation waited for the writer (the queue over its budget), and for how long in all.</summary>
    public (long Waits, double WaitedSeconds) Backpressure
    {
        get
        {
            lock (_gate)
            {
                return (_waits, (double)_waitedTicks / Stopwatch.Frequency);
            }
        }
    }

    /// <summary>result.json's "recording" section: the writer's backpressure on the run.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        (long waits, double seconds) = Backpressure;
        w.WriteStartObject();
        w.WriteNumber("queue_budget_bytes", QueueBudgetBytes);
        w.WriteNumber("queue_full_waits", waits);
        w.WriteNumber("waited_s", seconds);
        w.WriteEndObject();
    }

    private void Frame(in SensorFrame frame, ReadOnlySpan<byte> payload)
    {
        (ushort Own, ushort? View, string Format, long PeriodNs) s = _streams[frame.Sensor];
        _buffer.Clear();
        RecordedMessages.WriteFrameHead(_buffer, frame.Sensor, frame.Sequence, frame.StartNanoseconds, frame.EndNanoseconds, frame.Format, payload.Length);
        // MCAP's and Foxglove's times are unsigned: the packets of the sweep that ends at the run's
        // start end before it, and are stamped 0 there (the frame record keeps their times).
        long end = Math.Max(0, frame.EndNanoseconds);
        _mcap.WriteMessage(s.Own, Next(s.Own), (ulong)_timeNs, (ulong)end, _buffer.WrittenSpan, payload);
        if (s.View is { } view)
        {
            ReadOnlyMemory<byte> json = s.Format switch
            {
                "lidar.v1" => _foxglove.LidarPointCloud(frame.Sensor, end, payload),
                RadarPayload.DetectionsFormat => _foxglove.RadarPointCloud(frame.Sensor, end, payload),
                RadarPayload.ObjectsFormat => _foxglove.RadarObjectsSceneUpdate(frame.Sensor, end, s.PeriodNs, payload),
                "ground_truth.v1" => _foxglove.GroundTruthSceneUpdate(end, s.PeriodNs, payload),
                "camera.rgb8.v1" => _foxglove.RgbImage(CameraOf(frame.Sensor) + "_optical", end, payload),
                "camera.depth32f.v1" => _foxglove.DepthImage(CameraOf(frame.Sensor) + "_optical", end, payload),
                "gnss.v1" => _foxglove.LocationFix(frame.Sensor, end, payload),
                _ => ReadOnlyMemory<byte>.Empty,
            };
            if (!json.IsEmpty)
            {
                _mcap.WriteMessage(view, Next(view), (ulong)end, (ulong)end, json.Span);
            }
        }
    }

    /// <summary>
    /// Ends the recording: the run's events and a "result" metadata record (result.json itself is
    /// not attached: its wall time would make two recordings of the same run differ); renames the file.
    /// </summary>
    public void Complete(RunResult result)
    {
        Drain();
        _failure?.Throw();
        foreach (SimEvent e in result.Events)
        {
            _buffer.Clear();
            using (var w = new Utf8JsonWriter(_buffer))
            {
                SimEventJson.Write(w, e);
            }
            ulong t = (ulong)Math.Round(e.Time * 1e9);
            _mcap.WriteMessage(_events, Next(_events), t, t, _buffer.WrittenSpan);
        }
        _mcap.WriteMetadata("result", new Dictionary<string, string>
        {
            ["status"] = result.Status == RunStatus.Pass ? "pass" : "fail",
            ["end_reason"] = result.EndReason.Name(),
            ["state_hash"] = result.StateHash,
            ["steps"] = result.Steps.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        _mcap.Finish();
        _file.Dispose();
        File.Move(_path + ".partial", _path, overwrite: true);
        _completed = true;
        if (_profile != RecordProfile.Sim)
        {
            // The ROS 2 bag from the project's channels; with "both" it keeps them too.
            Ros2Exporter.Convert(_path, _finalPath, keepOriginal: _profile == RecordProfile.Both, _compression);
            File.Delete(_path);
        }
    }

    /// <summary>Where the project's own channels are written: the file itself, or beside it while a ROS 2 profile converts them at the end.</summary>
    private static string OwnPath(string path, RecordProfile profile) => profile == RecordProfile.Sim ? path : path + ".sim";

    /// <summary>Without <see cref="Complete"/>: flushes what is written and leaves path.partial for inspection.</summary>
    public void Dispose()
    {
        Drain();
        if (!_completed)
        {
            // Disposing after a failed write (a full disk): the write's error is the one reported,
            // and the buffered bytes that cannot go out either must not raise a second one.
            try
            {
                _mcap.Flush();
            }
            catch (IOException)
            {
            }
            try
            {
                _file.Dispose();
            }
            catch (IOException)
            {
            }
        }
        _queue.Dispose();
    }

    private void Message(ushort channel, ReadOnlySpan<byte> data) => _mcap.WriteMessage(channel, Next(channel), (ulong)_timeNs, (ulong)_timeNs, data);

    private uint Next(ushort channel)
    {
        _sequences.TryGetValue(channel, out uint n);
        _sequences[channel] = n + 1;
        return n;
    }

    private enum WorkKind
    {
        State,
        Actuation,
        Frame,
        Osi,
    }

    /// <summary>One queued output: a state (snapshots), or a pooled copy of the bytes of an actuation (its encoded envelope), a sensor frame or an OSI message of <paramref name="Channel"/>.</summary>
    private readonly record struct Work(WorkKind Kind, ulong Tick, long TimeNs, EntitySnapshot[]? Snapshots, SensorFrame Frame, byte[]? Data, int Length, ushort Channel = 0);

    /// <summary>The Foxglove schema of a format's view, or null when it has none.</summary>
    private static string? ViewSchema(string format) => format switch
    {
        "lidar.v1" or RadarPayload.DetectionsFormat => FoxgloveSchemas.PointCloud,
        RadarPayload.ObjectsFormat or "ground_truth.v1" => FoxgloveSchemas.SceneUpdate,
        "camera.rgb8.v1" or "camera.depth32f.v1" => FoxgloveSchemas.RawImage,
        "gnss.v1" => FoxgloveSchemas.LocationFix,
        _ => null,
    };

    /// <summary>A camera stream's camera ("front.rgb" -> "front").</summary>
    private static string CameraOf(string stream) => stream.LastIndexOf('.') is int dot and > 0 ? stream[..dot] : stream;

    private static Dictionary<string, string> Layout(string layout) => new() { ["layout"] = layout };

    private static string Num(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
