using System.Buffers;
using System.Globalization;
using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using Sim.Runtime.Recording;
using Sim.Runtime.Recording.Foxglove;
using Mcap;
using SensorModels.Radar;

namespace Sim.Runtime.Import;

/// <summary>
/// Writes a real log as a recording `sim replay` and `sim log` read (docs/mcap.md, "From another
/// log format"): a tick every step from the first sample to the last, each with the ego's state
/// (<c>/sim/ego</c>), its world -> ego transform, the sensor outputs that ended in the step
/// (<c>/sim/sensor/NAME</c>, each with its own start and end time, in the documented payloads) and,
/// where the log says what the driver did, <c>/sim/actuation</c>; plus each stream's Foxglove view.
/// Sources push outputs roughly in time order; outputs are held for <see cref="ReorderWindowNs"/>
/// so that streams decoded at different paces interleave by time. The file is FILE.partial until
/// <see cref="Complete"/>.
/// </summary>
internal sealed class ImportWriter : IDisposable
{
    /// <summary>How long outputs wait for earlier ones from other streams (ns).</summary>
    public const long ReorderWindowNs = 2_000_000_000;

    /// <summary>The longest recording written (ns): a timestamp beyond it is corrupt, not hours of ticks to write.</summary>
    public const long MaxDurationNs = 24 * 3_600_000_000_000;

    private readonly record struct Pending(string Stream, long StartNs, long EndNs, byte[] Payload, int Length);

    private readonly string _path;
    private readonly FileStream _file;
    private readonly McapWriter _mcap;
    private readonly IEgoTrack _ego;
    private readonly FoxgloveEncoder _foxglove = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private readonly Dictionary<string, (ushort Own, ushort? View, string Format, long PeriodNs, long Sequence)> _streams = new(StringComparer.Ordinal);
    private readonly Dictionary<ushort, uint> _sequences = new();
    private readonly Dictionary<string, ushort> _jsonChannels = new(StringComparer.Ordinal);
    private readonly PriorityQueue<Pending, (long, long)> _queue = new();
    private readonly ushort _egoChannel, _actuation, _tf;
    private long _order;
    private long _latestEnd = long.MinValue;
    private ulong _tick;
    private bool _started, _completed;

    private ImportWriter(string path, FileStream file, McapWriter mcap, long stepNs, IEgoTrack ego)
    {
        (_path, _file, _mcap, StepNs, _ego) = (path, file, mcap, stepNs, ego);
        _egoChannel = mcap.AddChannel(0, RecordingTopics.Ego, "msgpack", Layout("[tick, x, y, z, yaw, pitch, roll, speed, lateral_speed, acceleration, lateral_acceleration, yaw_rate, steering_angle]"));
        _actuation = mcap.AddChannel(0, RecordingTopics.Actuation, "msgpack", Layout("the HIL protocol's Actuation message, envelope and all (docs/hil-protocol.md): what the driver did, from the log"));
        ushort transform = mcap.AddSchema(FoxgloveSchemas.FrameTransform, FoxgloveSchemas.SchemaEncoding, System.Text.Encoding.UTF8.GetBytes(FoxgloveSchemas.Text(FoxgloveSchemas.FrameTransform)));
        _tf = mcap.AddChannel(transform, RecordingTopics.Transforms, FoxgloveSchemas.MessageEncoding);
    }

    /// <summary>The step between ticks (ns).</summary>
    public long StepNs { get; }

    /// <summary>Ticks written.</summary>
    public ulong Ticks => _tick;

    /// <summary>Outputs written, per stream.</summary>
    public IReadOnlyDictionary<string, long> Outputs => _streams.ToDictionary(kv => kv.Key, kv => kv.Value.Sequence);

    /// <summary>Outputs that arrived after their tick was written (put in the next tick).</summary>
    public long Late { get; private set; }

    /// <summary>
    /// Starts FILE.partial with the "sim" metadata (<paramref name="scenario"/> names the source,
    /// mode "imported") and the streams' channels.
    /// </summary>
    public static ImportWriter Create(string path, string scenario, long stepNs, IEgoTrack ego, IReadOnlyList<ImportedStream> streams, McapCompression compression = McapCompression.Zstd)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }
        File.Delete(path);
        var file = new FileStream(path + ".partial", FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        var mcap = new McapWriter(file, new McapWriterOptions { Compression = compression, Library = "sim " + RecordingInfo.SimulatorVersion });
        var w = new ImportWriter(path, file, mcap, stepNs, ego);
        mcap.WriteMetadata("sim", new RecordingInfo(scenario, "", 0, stepNs, null, "imported").Metadata());
        var schemas = new Dictionary<string, ushort>(StringComparer.Ordinal);
        foreach (ImportedStream s in streams)
        {
            var meta = new Dictionary<string, string>
            {
                ["layout"] = "[stream, sequence, start_ns, end_ns, format, payload (bin)]; payload per docs/sensors/*.md",
                ["type"] = s.Type,
                ["format"] = s.Format,
                ["rate_hz"] = N(s.RateHz),
                ["mount"] = string.Join(',', s.Mount.Select(N)),
            };
            if (s.Calibration is { } c)
            {
                meta["calibration"] = c;
            }
            ushort own = mcap.AddChannel(0, RecordingTopics.SensorPrefix + s.Name, "msgpack", meta);
            string? view = ViewSchema(s.Format);
            ushort? viewChannel = null;
            if (view is not null)
            {
                if (!schemas.TryGetValue(view, out ushort schema))
                {
                    schema = schemas[view] = mcap.AddSchema(view, FoxgloveSchemas.SchemaEncoding, System.Text.Encoding.UTF8.GetBytes(FoxgloveSchemas.Text(view)));
                }
                viewChannel = mcap.AddChannel(schema, RecordingTopics.FoxglovePrefix + s.Name, FoxgloveSchemas.MessageEncoding);
            }
            w._streams[s.Name] = (own, viewChannel, s.Format, (long)Math.Round(1e9 / s.RateHz), 0);
        }
        return w;
    }

    /// <summary>Attaches a source file (metadata, DBC...).</summary>
    public void Attach(string name, string mediaType, ReadOnlySpan<byte> data) => _mcap.WriteAttachment(0, 0, name, mediaType, data);

    /// <summary>
    /// A JSON message on <paramref name="topic"/> (schemaless, as <c>/sim/events</c>) at recording time
    /// <paramref name="timeNs"/>, written at once: for data replay does not read (decoded CAN signals).
    /// </summary>
    public void Json(string topic, long timeNs, ReadOnlySpan<byte> json)
    {
        if (!_jsonChannels.TryGetValue(topic, out ushort channel))
        {
            channel = _jsonChannels[topic] = _mcap.AddChannel(0, topic, "json");
        }
        Write(channel, timeNs, json);
    }

    /// <summary>Writes a metadata record.</summary>
    public void Metadata(string name, IReadOnlyDictionary<string, string> values) => _mcap.WriteMetadata(name, values);

    /// <summary>One output of <paramref name="stream"/> acquired over [start, end] (recording time, ns; end at or after 0).</summary>
    public void Output(string stream, long startNs, long endNs, ReadOnlySpan<byte> payload)
    {
        if (!_streams.ContainsKey(stream))
        {
            throw new ArgumentException($"stream {stream} was not declared", nameof(stream));
        }
        if (endNs > MaxDurationNs || endNs < -ReorderWindowNs)
        {
            throw new InvalidDataException($"{stream}: an output at {endNs / 1e9:F3} s of recording time (recordings span 0 to {MaxDurationNs / 3_600_000_000_000} h): its timestamp does not fit the rest");
        }
        byte[] copy = ArrayPool<byte>.Shared.Rent(Math.Max(payload.Length, 1));
        payload.CopyTo(copy);
        _queue.Enqueue(new Pending(stream, startNs, endNs, copy, payload.Length), (endNs, _order++));
        _latestEnd = Math.Max(_latestEnd, endNs);
        Flush(_latestEnd - ReorderWindowNs);
    }

    /// <summary>Writes ticks up to <paramref name="untilNs"/> with every output that ended by then.</summary>
    private void Flush(long untilNs)
    {
        while (_queue.TryPeek(out Pending p, out _) && p.EndNs <= untilNs)
        {
            long tickTime = (long)_tick * StepNs;
            if (_started && p.EndNs <= tickTime - StepNs)
            {
                Late++;
            }
            // Every tick up to the one this output ends in (the first tick takes all before 0).
            while (!_started || tickTime < p.EndNs)
            {
                if (_started)
                {
                    EndTick();
                    _tick++;
                    tickTime = (long)_tick * StepNs;
                }
                StartTick(tickTime);
            }
            _queue.Dequeue();
            WriteOutput(p);
            ArrayPool<byte>.Shared.Return(p.Payload);
        }
    }

    private void StartTick(long timeNs)
    {
        _started = true;
        VehicleState v = _ego.At(timeNs);
        _buffer.Clear();
        RecordedMessages.WriteEgo(_buffer, _tick, v);
        Write(_egoChannel, timeNs, _buffer.WrittenSpan);
        Write(_tf, timeNs, _foxglove.EgoTransform(timeNs, v.X, v.Y, v.Z, v.Roll, v.Pitch, v.Yaw).Span);
    }

    private void EndTick()
    {
        long timeNs = (long)_tick * StepNs;
        if (_ego.Driver(timeNs) is { } d)
        {
            var a = new Actuation(_tick, ActuationMode.Command, d.SteeringAngle, d.Acceleration, [], null, null);
            Write(_actuation, timeNs, WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.Actuation, timeNs, _tick), a));
        }
    }

    private void WriteOutput(in Pending p)
    {
        var s = _streams[p.Stream];
        ReadOnlySpan<byte> payload = p.Payload.AsSpan(0, p.Length);
        _buffer.Clear();
        RecordedMessages.WriteFrame(_buffer, p.Stream, s.Sequence, p.StartNs, p.EndNs, s.Format, payload);
        long tickTime = (long)_tick * StepNs;
        _mcap.WriteMessage(s.Own, Next(s.Own), (ulong)Math.Max(tickTime, 0), (ulong)Math.Max(p.EndNs, 0), _buffer.WrittenSpan);
        _streams[p.Stream] = s with { Sequence = s.Sequence + 1 };
        if (s.View is { } view)
        {
            long t = Math.Max(p.EndNs, 0);
            ReadOnlyMemory<byte> json = s.Format switch
            {
                "lidar.v1" => _foxglove.LidarPointCloud(p.Stream, t, payload),
                RadarPayload.ObjectsFormat => _foxglove.RadarObjectsSceneUpdate(p.Stream, t, s.PeriodNs, payload),
                "gnss.v1" => _foxglove.LocationFix(p.Stream, t, payload),
                _ => ReadOnlyMemory<byte>.Empty,
            };
            if (!json.IsEmpty)
            {
                _mcap.WriteMessage(view, Next(view), (ulong)t, (ulong)t, json.Span);
            }
        }
    }

    private void Write(ushort channel, long timeNs, ReadOnlySpan<byte> data) => _mcap.WriteMessage(channel, Next(channel), (ulong)Math.Max(timeNs, 0), (ulong)Math.Max(timeNs, 0), data);

    private uint Next(ushort channel)
    {
        _sequences.TryGetValue(channel, out uint n);
        _sequences[channel] = n + 1;
        return n;
    }

    /// <summary>Writes what is left (ticks up to <paramref name="endNs"/> at least), the "import" metadata, and renames the file.</summary>
    public void Complete(long endNs, IReadOnlyDictionary<string, string> import)
    {
        Flush(long.MaxValue);
        if (!_started)
        {
            StartTick(0);
        }
        while ((long)_tick * StepNs + StepNs <= endNs)
        {
            EndTick();
            _tick++;
            StartTick((long)_tick * StepNs);
        }
        EndTick();
        _tick++;
        var meta = new Dictionary<string, string>(import) { ["ticks"] = _tick.ToString(CultureInfo.InvariantCulture), ["late_outputs"] = Late.ToString(CultureInfo.InvariantCulture) };
        _mcap.WriteMetadata("import", meta);
        _mcap.Finish();
        _file.Dispose();
        File.Move(_path + ".partial", _path, overwrite: true);
        _completed = true;
    }

    /// <summary>Without <see cref="Complete"/>: removes the partial file (an import that failed leaves nothing that looks valid).</summary>
    public void Dispose()
    {
        while (_queue.TryDequeue(out Pending p, out _))
        {
            ArrayPool<byte>.Shared.Return(p.Payload);
        }
        if (!_completed)
        {
            _file.Dispose();
            File.Delete(_path + ".partial");
        }
    }

    private static string? ViewSchema(string format) => format switch
    {
        "lidar.v1" => FoxgloveSchemas.PointCloud,
        RadarPayload.ObjectsFormat => FoxgloveSchemas.SceneUpdate,
        "gnss.v1" => FoxgloveSchemas.LocationFix,
        _ => null,
    };

    private static Dictionary<string, string> Layout(string layout) => new() { ["layout"] = layout };

    internal static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
