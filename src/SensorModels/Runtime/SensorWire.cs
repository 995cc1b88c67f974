using SensorModels.Gnss;
using SensorModels.Lidar;
using SensorModels.Lidar.Wire;
using SensorModels.Output;
using SimCore.Diagnostics;

namespace SensorModels.Runtime;

/// <summary>One sensor that sends its own packets: what a receiver needs to know of it.</summary>
/// <param name="Sensor">The sensor's name in the rig.</param>
/// <param name="Format">"ouster", "vlp32c", "vls128" or "nmea".</param>
/// <param name="Ports">The UDP ports it sends to (data first; a Velodyne's position port second).</param>
/// <param name="Description">What the device's own description of itself is (an Ouster's metadata JSON), or null.</param>
/// <param name="DescriptionExtension">The file extension that description is written under (".json"), or null.</param>
public sealed record WireStream(string Sensor, string Format, IReadOnlyList<int> Ports, string? Description, string? DescriptionExtension);

/// <summary>
/// The rig's sensors that speak their vendors' wire formats (docs/sensors/lidar-wire.md): lidars
/// with a <c>wire</c> entry send Ouster or Velodyne packets, GNSS receivers with one send NMEA 0183.
/// Fed with the rig's outputs (<see cref="Write"/>), it encodes them and hands each datagram to an
/// <see cref="IDatagramSink"/> with its simulation and UTC times. Allocates nothing per output.
/// </summary>
public sealed class SensorWire
{
    private readonly Dictionary<string, LidarWireEncoder> _lidars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NmeaEncoder> _gnss = new(StringComparer.Ordinal);
    private readonly List<WireStream> _streams = new();
    private readonly Counter _counter = new();

    private SensorWire()
    {
    }

    /// <summary>The sensors that send packets, in rig order.</summary>
    public IReadOnlyList<WireStream> Streams => _streams;

    /// <summary>Datagrams encoded so far.</summary>
    public long Datagrams => _counter.Count;

    /// <summary>
    /// The wire outputs of <paramref name="rig"/>, with the device clocks at
    /// <paramref name="utcAtZero"/> when the simulation is at 0; null when no sensor has one.
    /// </summary>
    /// <exception cref="InputException">A Velodyne names a gnss sensor the rig lacks.</exception>
    public static SensorWire? For(SensorRig rig, DateTimeOffset utcAtZero)
    {
        long utc = (utcAtZero.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        var wire = new SensorWire();
        GnssSensor[] receivers = rig.Sensors.OfType<GnssSensor>().ToArray();
        foreach (GnssSensor g in receivers.Where(g => g.NmeaPort is not null))
        {
            wire._gnss[g.Definition.Name] = new NmeaEncoder(g.Definition.Name, g.NmeaPort!.Value, utc);
        }
        foreach (Sensor s in rig.Sensors)
        {
            if (s is GnssSensor { NmeaPort: { } port })
            {
                wire._streams.Add(new WireStream(s.Definition.Name, "nmea", [port], null, null));
            }
            if (s is not LidarSensor { Config.Wire: { } w } lidar)
            {
                continue;
            }
            LidarConfig c = lidar.Config;
            long period = s.Definition.PeriodNanoseconds;
            if (w.Format == LidarWireFormat.Ouster)
            {
                wire._lidars[s.Definition.Name] = new OusterWireEncoder(s.Definition.Name, c, w, period, utc);
                wire._streams.Add(new WireStream(s.Definition.Name, "ouster", [w.Port], OusterMetadata.Json(c, w, s.Definition.RateHz), ".json"));
                continue;
            }
            GnssSensor? linked = w.Gnss is { } name
                ? receivers.FirstOrDefault(g => g.Definition.Name == name) ?? throw new InputException(s.Definition.Where, $"sensor '{s.Definition.Name}': wire 'gnss' names '{name}', which is not a gnss sensor of the rig")
                : receivers.Length == 1 ? receivers[0] : null;
            NmeaEncoder? nmea = null;
            if (linked is not null && !wire._gnss.TryGetValue(linked.Definition.Name, out nmea))
            {
                // Its RMC goes into the position packets even when it sends no NMEA of its own.
                nmea = new NmeaEncoder(linked.Definition.Name, 0, utc);
                wire._gnss[linked.Definition.Name] = nmea;
            }
            wire._lidars[s.Definition.Name] = new VelodyneWireEncoder(s.Definition.Name, c, w, period, utc, nmea);
            wire._streams.Add(new WireStream(s.Definition.Name, w.Format == LidarWireFormat.Vlp32C ? "vlp32c" : "vls128", [w.Port, w.PositionPort], null, null));
        }
        return wire._streams.Count == 0 ? null : wire;
    }

    /// <summary>One rig output: a wire sensor's is encoded and sent to <paramref name="sink"/>, others are ignored.</summary>
    public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload, IDatagramSink sink)
    {
        Counter counted = _counter;
        counted.Inner = sink;
        if (_lidars.TryGetValue(frame.Sensor, out LidarWireEncoder? lidar))
        {
            lidar.Add(frame.Sequence, frame.StartNanoseconds, payload, counted);
        }
        else if (_gnss.TryGetValue(frame.Sensor, out NmeaEncoder? gnss))
        {
            gnss.Add(frame, payload, gnss.Port == 0 ? Discard.Instance : counted);
        }
    }

    /// <summary>Counts what passes to the sink.</summary>
    private sealed class Counter : IDatagramSink
    {
        public IDatagramSink? Inner { get; set; }

        public long Count { get; private set; }

        public void Send(string sensor, int port, long timeNs, long utcNs, ReadOnlySpan<byte> payload)
        {
            Count++;
            Inner!.Send(sensor, port, timeNs, utcNs, payload);
        }
    }

    /// <summary>Where the sentences of a receiver that only feeds position packets go.</summary>
    private sealed class Discard : IDatagramSink
    {
        public static readonly Discard Instance = new();

        public void Send(string sensor, int port, long timeNs, long utcNs, ReadOnlySpan<byte> payload)
        {
        }
    }
}
