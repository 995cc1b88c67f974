using System.Buffers;
using Google.Protobuf;
using Osi3;
using SensorModels.Runtime;
using SimCore.Simulation;

namespace Osi;

/// <summary>
/// A run's world as ASAM OSI 3.8.0 messages (docs/osi.md): <c>osi3.GroundTruth</c> and, per
/// sensor of the rig, <c>osi3.SensorView</c>, serialized to bytes. The road (lanes, lane
/// boundaries, signs) is built and serialized once; each <see cref="Update"/> refreshes the
/// moving objects and traffic lights in place and serializes them into a reused buffer.
/// </summary>
/// <remarks>
/// A GroundTruth is written as the static part followed by the dynamic part: protobuf merges
/// concatenated messages, and the two share no field, so the bytes are one GroundTruth holding
/// both (esmini's OSIReporter sends its static and dynamic ground truth the same way). Streams
/// may leave the static part out after their first message, as esmini does by default.
/// </remarks>
public sealed class OsiWorld
{
    private readonly GroundTruth _static = new();
    private readonly GroundTruth _dynamic = new();
    private readonly OsiRoadMap _map;
    private readonly OsiSignals _signals;
    private readonly OsiMovingObjects _objects;
    private readonly SensorView[] _views;
    private readonly string[] _viewNames;
    private readonly long[] _periodNs;
    private readonly long[] _nextDueNs;
    private readonly bool[] _due;
    private readonly byte[] _staticBytes;
    private readonly ArrayBufferWriter<byte> _dynamicBytes = new(4096);

    /// <summary>The OSI messages of a run of <paramref name="sim"/> (at its initial state) with the sensors of <paramref name="rig"/>, if any.</summary>
    public OsiWorld(Simulator sim, SimCore.Roads.RoadNetwork network, SensorRig? rig)
    {
        _map = new OsiRoadMap(network, _static);
        _signals = new OsiSignals(network, _map, _dynamic, _static);
        _objects = new OsiMovingObjects(sim);
        _staticBytes = _static.ToByteArray();
        _dynamic.Version = Version();
        _dynamic.Timestamp = new Timestamp();
        if (sim.EgoIndex >= 0)
        {
            _dynamic.HostVehicleId = OsiRoadMap.Id((ulong)sim.EgoIndex);
        }
        IReadOnlyList<Sensor> sensors = rig?.Sensors ?? [];
        _views = new SensorView[sensors.Count];
        _viewNames = new string[sensors.Count];
        _periodNs = new long[sensors.Count];
        _nextDueNs = new long[sensors.Count];
        _due = new bool[sensors.Count];
        for (int i = 0; i < sensors.Count; i++)
        {
            _views[i] = OsiSensorViews.Create(sensors[i], i);
            _views[i].Version = Version();
            if (_dynamic.HostVehicleId is { } host)
            {
                _views[i].HostVehicleId = host.Clone();
            }
            _viewNames[i] = sensors[i].Definition.Name;
            _periodNs[i] = Math.Max(1, sensors[i].Definition.PeriodNanoseconds);
        }
        Update(sim);
        // The run's first state is taken again by the stages: the schedules start there.
        for (int i = 0; i < sensors.Count; i++)
        {
            _nextDueNs[i] = sim.Time.Nanoseconds + sensors[i].Definition.PhaseNanoseconds;
            _due[i] = false;
        }
    }

    /// <summary>The OSI version the messages carry (3.8.0, from the protos' <c>current_interface_version</c>).</summary>
    public static string VersionText => $"{Version().VersionMajor}.{Version().VersionMinor}.{Version().VersionPatch}";

    /// <summary>The rig's sensors in rig order: index <c>i</c> is the SensorView <see cref="WriteSensorView"/> writes for it.</summary>
    public IReadOnlyList<string> Sensors => _viewNames;

    /// <summary>
    /// True when sensor <paramref name="sensor"/> samples at the state last taken: the first state
    /// at or after each of its sampling times (its rate and phase). Its SensorView streams send then.
    /// </summary>
    public bool IsDue(int sensor) => _due[sensor];

    /// <summary>Simulation time of the state last taken (ns).</summary>
    public long TimeNanoseconds { get; private set; }

    /// <summary>Takes <paramref name="sim"/>'s current state: entities, traffic lights, time.</summary>
    public void Update(Simulator sim)
    {
        TimeNanoseconds = sim.Time.Nanoseconds;
        SetTime(_dynamic.Timestamp, TimeNanoseconds);
        _objects.Update(sim, _map, _dynamic);
        _signals.Update(sim);
        _dynamicBytes.ResetWrittenCount();
        _dynamic.WriteTo(_dynamicBytes);
        for (int i = 0; i < _views.Length; i++)
        {
            SetTime(_views[i].Timestamp, TimeNanoseconds);
            // Due at the first state at or after each of the sensor's sampling times.
            _due[i] = TimeNanoseconds >= _nextDueNs[i];
            while (_nextDueNs[i] <= TimeNanoseconds)
            {
                _nextDueNs[i] += _periodNs[i];
            }
        }
    }

    /// <summary>Writes the current <c>osi3.GroundTruth</c>, with the road (lanes, boundaries, signs) when <paramref name="withStatic"/>.</summary>
    /// <returns>The bytes written.</returns>
    public int WriteGroundTruth(IBufferWriter<byte> into, bool withStatic)
    {
        int n = (withStatic ? _staticBytes.Length : 0) + _dynamicBytes.WrittenCount;
        Span<byte> span = into.GetSpan(n);
        if (withStatic)
        {
            _staticBytes.CopyTo(span);
        }
        _dynamicBytes.WrittenSpan.CopyTo(span[(withStatic ? _staticBytes.Length : 0)..]);
        into.Advance(n);
        return n;
    }

    /// <summary>Writes the current <c>osi3.SensorView</c> of sensor <paramref name="sensor"/> (an index of <see cref="Sensors"/>), its global ground truth with the road when <paramref name="withStatic"/>.</summary>
    /// <returns>The bytes written.</returns>
    public int WriteSensorView(int sensor, IBufferWriter<byte> into, bool withStatic)
    {
        SensorView view = _views[sensor];
        int own = view.CalculateSize();
        view.WriteTo(into);
        // global_ground_truth (field 7, length-delimited) appended: fields may come in any order.
        int truth = (withStatic ? _staticBytes.Length : 0) + _dynamicBytes.WrittenCount;
        Span<byte> header = into.GetSpan(11);
        header[0] = (7 << 3) | 2;
        int h = 1;
        for (uint v = (uint)truth; ; v >>= 7)
        {
            if (v < 0x80)
            {
                header[h++] = (byte)v;
                break;
            }
            header[h++] = (byte)(v | 0x80);
        }
        into.Advance(h);
        WriteGroundTruth(into, withStatic);
        return own + h + truth;
    }

    private static void SetTime(Timestamp t, long ns)
    {
        t.Seconds = Math.DivRem(ns, 1_000_000_000L, out long nanos);
        t.Nanos = (uint)nanos;
    }

    private static InterfaceVersion Version()
        => OsiVersionReflection.Descriptor.GetOptions().GetExtension(OsiVersionExtensions.CurrentInterfaceVersion).Clone();
}
