using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using Mcap;
using SimCore.Diagnostics;
using MessagePack;
using SensorModels.Output;

namespace Sim.Runtime.Recording;

/// <summary>
/// A recording made by `sim run --record`, opened for replay: its identity, sensor manifest and
/// ticks (docs/mcap.md). Reads it once, in file order, without loading it whole.
/// </summary>
internal sealed class RecordedRun : IDisposable
{
    private readonly McapReader _reader;

    private RecordedRun(McapReader reader, IReadOnlyDictionary<string, string> sim, IReadOnlyList<SensorManifestEntry> manifest)
    {
        (_reader, Sim, Manifest) = (reader, sim, manifest);
        StepNs = long.Parse(sim["step_ns"], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The "sim" metadata: simulator version, git commit, scenario, seed, step_ns, rig, mode.</summary>
    public IReadOnlyDictionary<string, string> Sim { get; }

    /// <summary>The streams recorded, as a Hello's manifest.</summary>
    public IReadOnlyList<SensorManifestEntry> Manifest { get; }

    /// <summary>The step (ns).</summary>
    public long StepNs { get; }

    /// <summary>The container (channels, statistics, whether it was recovered).</summary>
    public McapReader Reader => _reader;

    /// <summary>Opens <paramref name="path"/>.</summary>
    /// <exception cref="RecordingException">Not an MCAP file, or not one `sim run --record` wrote.</exception>
    /// <exception cref="InputException">Missing, not a regular file, or unreadable.</exception>
    public static RecordedRun Open(string path)
    {
        McapReader reader;
        try
        {
            reader = McapReader.Open(InputFiles.OpenRead(path, "recording"), path);
        }
        catch (McapException e)
        {
            throw new RecordingException(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RecordingException($"{path}: cannot read it: {e.Message}");
        }
        try
        {
            McapMetadata sim = reader.Metadata.FirstOrDefault(m => m.Name == "sim")
                ?? throw new RecordingException($"{path}: no 'sim' metadata record: not a recording of `sim run --record`");
            foreach (string key in new[] { "step_ns", "scenario" })
            {
                if (!sim.Values.ContainsKey(key))
                {
                    throw new RecordingException($"{path}: the 'sim' metadata has no '{key}'");
                }
            }
            var manifest = new List<SensorManifestEntry>();
            foreach (McapChannel c in reader.Channels.Values.OrderBy(c => c.Id))
            {
                if (c.Topic.StartsWith(RecordingTopics.SensorPrefix, StringComparison.Ordinal))
                {
                    manifest.Add(Entry(path, c));
                }
            }
            return new RecordedRun(reader, sim.Values, manifest);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The ticks in order: each with its ego state, sensor outputs, ground truth and logged
    /// actuation. A tick is complete when the next one's ego state (or the end) is read.
    /// </summary>
    /// <exception cref="RecordingException">A message that does not have its channel's layout.</exception>
    public IEnumerable<RecordedTick> Ticks()
    {
        var topics = _reader.Channels.ToDictionary(kv => kv.Key, kv => kv.Value.Topic);
        var types = Manifest.ToDictionary(e => e.Name, e => e.Type, StringComparer.Ordinal);
        Pending? open = null;
        foreach (McapMessage m in _reader.ReadMessages())
        {
            string topic = topics.GetValueOrDefault(m.ChannelId, "");
            Pending? done;
            try
            {
                done = Take(topic, m, types, ref open);
            }
            catch (Exception e) when (e is FormatException or MessagePackSerializationException or EndOfStreamException or ProtocolException)
            {
                throw new RecordingException($"{_reader.Name}: {topic} message {m.Sequence} at t = {m.LogTime / 1e9:F3} s: {e.Message}");
            }
            if (done is not null)
            {
                yield return done.Done();
            }
        }
        if (open is not null)
        {
            yield return open.Done();
        }
    }

    /// <summary>Adds one message to the open tick; returns the tick it completed, if any.</summary>
    private static Pending? Take(string topic, McapMessage m, Dictionary<string, string> types, ref Pending? open)
    {
        if (topic == RecordingTopics.Ego)
        {
            (ulong tick, VehicleState state) = RecordedMessages.ReadEgo(m.Data);
            Pending? done = open;
            open = new Pending(tick, (long)m.LogTime, state);
            return done;
        }
        if (open is null)
        {
            return null; // nothing before the first state belongs to a tick
        }
        if (topic.StartsWith(RecordingTopics.SensorPrefix, StringComparison.Ordinal))
        {
            // The reader may reuse its chunk buffer once it moves on: keep a copy.
            (SensorFrame frame, ReadOnlyMemory<byte> payload) = RecordedMessages.ReadFrame(m.Data, types.GetValueOrDefault(topic[RecordingTopics.SensorPrefix.Length..], ""));
            open.Frames.Add((frame, payload.ToArray()));
        }
        else if (topic == RecordingTopics.GroundTruth)
        {
            (ulong _, int ego, SimCore.Simulation.EntitySnapshot[] entities) = RecordedMessages.ReadGroundTruth(m.Data);
            (open.GroundTruth, open.EgoIndex) = (entities, ego);
        }
        else if (topic == RecordingTopics.Actuation && WireCodec.Decode(m.Data).Body is Actuation a && a.Tick == open.Tick)
        {
            open.Logged = a;
        }
        return null;
    }

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();

    private static SensorManifestEntry Entry(string path, McapChannel c)
    {
        string name = c.Topic[RecordingTopics.SensorPrefix.Length..];
        string Get(string key) => c.Metadata.TryGetValue(key, out string? v) ? v : throw new RecordingException($"{path}: channel {c.Topic} has no '{key}' metadata");
        double[] mount = Get("mount").Split(',').Select(x => double.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (mount.Length != 6)
        {
            throw new RecordingException($"{path}: channel {c.Topic}: 'mount' is not x,y,z,roll,pitch,yaw");
        }
        return new SensorManifestEntry(name, Get("type"), double.Parse(Get("rate_hz"), System.Globalization.CultureInfo.InvariantCulture), Get("format"),
            mount[0], mount[1], mount[2], mount[3], mount[4], mount[5], c.Metadata.GetValueOrDefault("calibration"));
    }

    private sealed class Pending(ulong tick, long timeNs, VehicleState ego)
    {
        public ulong Tick { get; } = tick;
        public List<(SensorFrame Frame, ReadOnlyMemory<byte> Payload)> Frames { get; } = new();
        public SimCore.Simulation.EntitySnapshot[]? GroundTruth { get; set; }
        public int EgoIndex { get; set; }
        public Actuation? Logged { get; set; }

        public RecordedTick Done() => new(Tick, timeNs, ego, Frames, GroundTruth, EgoIndex, Logged);
    }
}
