using System.Buffers;
using System.Text.Json;
using HilBridge.Protocol.Messages;
using Osi;
using SensorModels.Output;
using SensorModels.Runtime;
using SimCore.Diagnostics;
using SimCore.Simulation;

namespace Sim.Runtime.Output;

/// <summary>
/// The run's ASAM OSI outputs (docs/osi.md): the world as <c>osi3.GroundTruth</c> and per rig
/// sensor <c>osi3.SensorView</c> at the sensor's rate, sent over UDP as esmini does (`--osi-udp`) and
/// offered to a HIL target as the streams <see cref="GroundTruthStream"/> and
/// <see cref="SensorViewPrefix"/> + sensor. The recording writes its OSI channels from <see cref="World"/>.
/// </summary>
internal sealed class OsiStreams : IDisposable
{
    /// <summary>The HIL stream of GroundTruth messages.</summary>
    public const string GroundTruthStream = "osi.ground_truth";

    /// <summary>The HIL stream of a sensor's SensorView messages: this and the sensor's name.</summary>
    public const string SensorViewPrefix = "osi.sensor_view.";

    /// <summary>The frame format of GroundTruth payloads.</summary>
    public const string GroundTruthFormat = "osi3.GroundTruth";

    /// <summary>The frame format of SensorView payloads.</summary>
    public const string SensorViewFormat = "osi3.SensorView";

    private readonly OsiUdpSender? _udp;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private readonly List<(string Stream, int View, long Sequence)> _hil = new();
    private bool _udpSent;

    private OsiStreams(OsiWorld world, OsiUdpSender? udp)
    {
        World = world;
        _udp = udp;
    }

    /// <summary>The messages, at the latest state.</summary>
    public OsiWorld World { get; }

    /// <summary>The UDP sender, or null.</summary>
    public OsiUdpSender? Udp => _udp;

    /// <summary>Builds the messages of <paramref name="sim"/>'s run and opens the UDP output when <paramref name="udp"/> (HOST:PORT) is given.</summary>
    /// <exception cref="InputException">A malformed HOST:PORT.</exception>
    public static OsiStreams Open(Simulator sim, SimCore.Roads.RoadNetwork network, RigSession? rig, string? udp)
    {
        OsiUdpSender? sender = udp is null ? null : OsiUdpSender.Open(udp);
        try
        {
            return new OsiStreams(new OsiWorld(sim, network, rig?.Rig), sender);
        }
        catch
        {
            sender?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The OSI streams a HIL session offers in its Hello, after the rig's: GroundTruth at every step,
    /// and a SensorView per sensor (mounted where the sensor is).
    /// </summary>
    /// <exception cref="InputException">A stream of the rig already has one of these names.</exception>
    public static IReadOnlyList<SensorManifestEntry> Manifest(IReadOnlyList<SensorManifestEntry> rigStreams, SensorRig? rig, double stepSeconds, SourceLocation rigWhere)
    {
        var entries = new List<SensorManifestEntry>();
        double rate = 1 / stepSeconds;
        entries.Add(new SensorManifestEntry(GroundTruthStream, "osi", rate, GroundTruthFormat, 0, 0, 0, 0, 0, 0, Calibration(GroundTruthFormat, null)));
        foreach (Sensor s in rig?.Sensors ?? [])
        {
            (double roll, double pitch, double yaw) = s.Definition.Mount.Angles();
            SensorModels.Mathematics.Vec3 p = s.Definition.Mount.Position;
            entries.Add(new SensorManifestEntry(SensorViewPrefix + s.Definition.Name, "osi", s.Definition.RateHz, SensorViewFormat, p.X, p.Y, p.Z, roll, pitch, yaw, Calibration(SensorViewFormat, s.Definition.Name)));
        }
        foreach (SensorManifestEntry e in entries)
        {
            if (rigStreams.Any(r => r.Name == e.Name))
            {
                throw new InputException(rigWhere, $"a stream of the rig is named '{e.Name}', which is the name of an OSI stream the HIL session offers (docs/osi.md): rename the sensor");
            }
        }
        return entries;
    }

    /// <summary>Sends the streams of <paramref name="wanted"/> (a HIL target's choice) that are OSI streams into the run's sensor outputs.</summary>
    public void Serve(IEnumerable<string> wanted)
    {
        foreach (string stream in wanted)
        {
            if (stream == GroundTruthStream)
            {
                _hil.Add((stream, -1, 0));
            }
            else if (stream.StartsWith(SensorViewPrefix, StringComparison.Ordinal))
            {
                int view = World.Sensors.ToList().IndexOf(stream[SensorViewPrefix.Length..]);
                if (view >= 0)
                {
                    _hil.Add((stream, view, 0));
                }
            }
        }
    }

    /// <summary>Each state: the messages are updated and sent by UDP; at the sensors' stage, the HIL streams are written as sensor outputs.</summary>
    public void Attach(StepStages stages)
    {
        stages.StateReady += OnState;
        if (_hil.Count > 0)
        {
            stages.Sensing += _ => Publish(stages);
        }
    }

    private void OnState(Simulator sim)
    {
        World.Update(sim);
        if (_udp is not null)
        {
            _buffer.ResetWrittenCount();
            World.WriteGroundTruth(_buffer, withStatic: !_udpSent);
            _udp.Send(_buffer.WrittenSpan);
            _udpSent = true;
        }
    }

    private void Publish(ISensorSink sink)
    {
        long t = World.TimeNanoseconds;
        for (int i = 0; i < _hil.Count; i++)
        {
            (string stream, int view, long sequence) = _hil[i];
            if (view >= 0 && !World.IsDue(view))
            {
                continue;
            }
            _buffer.ResetWrittenCount();
            if (view < 0)
            {
                World.WriteGroundTruth(_buffer, withStatic: sequence == 0);
            }
            else
            {
                World.WriteSensorView(view, _buffer, withStatic: sequence == 0);
            }
            sink.Write(new SensorFrame(stream, "osi", view < 0 ? GroundTruthFormat : SensorViewFormat, sequence, t, t), _buffer.WrittenSpan);
            _hil[i] = (stream, view, sequence + 1);
        }
    }

    private static string Calibration(string message, string? sensor)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", "osi");
            w.WriteString("message", message);
            w.WriteString("osi_version", OsiWorld.VersionText);
            if (sensor is not null)
            {
                w.WriteString("sensor", sensor);
            }
            w.WriteString("static", "lanes, lane boundaries and traffic signs in the stream's first frame only");
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <inheritdoc/>
    public void Dispose() => _udp?.Dispose();
}
