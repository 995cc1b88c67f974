using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SensorModels.Output;
using SensorModels.Runtime;
using Sim.Runtime.Output;
using SimCore.Diagnostics;

namespace Sim.Runtime.Wire;

/// <summary>
/// A run's sensor packets (<see cref="WireRequest"/>): the rig's wire sensors encoded at each
/// output and sent to the UDP host (paced) and the capture. Files are written as .partial and
/// renamed by <see cref="Complete"/>: an interrupted run leaves none that looks whole.
/// </summary>
internal sealed class WireOutput : IDatagramSink, IDisposable
{
    /// <summary>The receiving host's address in the capture.</summary>
    private const uint HostAddress = 0xC0A8_0164; // 192.168.1.100

    private readonly SensorWire _wire;
    private readonly WireRequest _request;
    private readonly UdpWireSender? _udp;
    private readonly PcapWriter? _pcap;
    private readonly Dictionary<string, uint> _addresses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileStream> _nmea = new(StringComparer.Ordinal);
    private readonly List<(string Partial, string Final)> _files = new();
    private bool _completed;

    private WireOutput(SensorWire wire, WireRequest request, UdpWireSender? udp, PcapWriter? pcap)
    {
        (_wire, _request, _udp, _pcap) = (wire, request, udp, pcap);
        uint next = 0xC0A8_01C9; // sensors from 192.168.1.201, in rig order (a Velodyne's default address first)
        foreach (WireStream s in wire.Streams)
        {
            _addresses[s.Sensor] = next++;
        }
    }

    /// <summary>Prepares the outputs of <paramref name="rig"/>'s wire sensors.</summary>
    /// <exception cref="InputException">No sensor of the rig has a 'wire', the host is not an address, or the directory cannot be written.</exception>
    public static WireOutput Start(WireRequest request, RigSession rig)
    {
        SensorWire wire = SensorWire.For(rig.Rig, request.UtcStart)
            ?? throw new InputException(new SourceLocation(rig.RigPath, 0, 0), "--wire-udp and --wire-out send the packets of sensors with a 'wire' entry, and this rig has none (docs/sensors/lidar-wire.md)");
        UdpWireSender? udp = null;
        PcapWriter? pcap = null;
        var output = new List<(string, string)>();
        try
        {
            if (request.UdpHost is { } host)
            {
                udp = new UdpWireSender(Resolve(host), wire.Streams.Select(s => (s.Sensor, s.Ports)), request.RealTimeFactor);
            }
            if (request.Directory is { } dir)
            {
                Directory.CreateDirectory(dir);
                string path = Path.Combine(dir, WireRequest.CaptureName);
                File.Delete(path);
                pcap = new PcapWriter(new FileStream(path + ".partial", FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16));
                output.Add((path + ".partial", path));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SocketException)
        {
            udp?.Dispose();
            pcap?.Dispose();
            throw new InputException(new SourceLocation(request.Directory ?? "--wire-udp", 0, 0), $"cannot send or write the sensors' packets: {e.Message}");
        }
        var o = new WireOutput(wire, request, udp, pcap);
        o._files.AddRange(output);
        if (request.Directory is { } d)
        {
            foreach (WireStream s in wire.Streams.Where(s => s.Format == "nmea"))
            {
                string path = Path.Combine(d, s.Sensor + ".nmea");
                File.Delete(path);
                o._nmea[s.Sensor] = new FileStream(path + ".partial", FileMode.Create, FileAccess.Write, FileShare.None, 1 << 12);
                o._files.Add((path + ".partial", path));
            }
        }
        return o;
    }

    private static IPAddress Resolve(string host)
    {
        if (IPAddress.TryParse(host, out IPAddress? a))
        {
            return a;
        }
        try
        {
            return Dns.GetHostAddresses(host).FirstOrDefault(x => x.AddressFamily == AddressFamily.InterNetwork) ?? Dns.GetHostAddresses(host)[0];
        }
        catch (Exception e) when (e is SocketException or IndexOutOfRangeException or ArgumentException)
        {
            throw new InputException(new SourceLocation("--wire-udp", 0, 0), $"'{host}' is not an address or a host name that resolves ({e.Message})");
        }
    }

    /// <summary>The wire sensors.</summary>
    public SensorWire Wire => _wire;

    /// <summary>Encodes every output of the run's rig as it is produced.</summary>
    public void Attach(StepStages stages) => stages.SensorOutput += (in SensorFrame frame, ReadOnlySpan<byte> payload) => _wire.Write(frame, payload, this);

    /// <inheritdoc />
    public void Send(string sensor, int port, long timeNs, long utcNs, ReadOnlySpan<byte> payload)
    {
        _udp?.Enqueue(sensor, port, timeNs, payload);
        _pcap?.Write(utcNs, _addresses[sensor], HostAddress, port, payload);
        if (_nmea.TryGetValue(sensor, out FileStream? nmea))
        {
            nmea.Write(payload);
        }
    }

    /// <summary>Sends what is still queued, then writes the devices' descriptions and closes the files under their names.</summary>
    /// <exception cref="IOException">A file could not be written, or sending failed.</exception>
    public void Complete()
    {
        _udp?.Complete();
        _pcap?.Dispose();
        foreach (FileStream f in _nmea.Values)
        {
            f.Dispose();
        }
        if (_request.Directory is { } dir)
        {
            foreach (WireStream s in _wire.Streams.Where(s => s.Description is not null))
            {
                AtomicFile.WriteText(Path.Combine(dir, s.Sensor + s.DescriptionExtension), s.Description!);
            }
        }
        foreach ((string partial, string final) in _files)
        {
            File.Move(partial, final, overwrite: true);
        }
        _completed = true;
    }

    /// <summary>The "wire" section of result.json: per sensor its datagrams; the UDP pacing's figures.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("datagrams", _wire.Datagrams);
        w.WriteString("utc_start", _request.UtcStart.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        if (_pcap is not null)
        {
            w.WriteNumber("pcap_records", _pcap.Records);
        }
        if (_udp is not null)
        {
            w.WriteStartObject("udp");
            w.WriteNumber("sent", _udp.Sent);
            w.WriteNumber("late", _udp.Late);
            w.WriteNumber("max_late_ms", _udp.MaxLateNs * 1e-6);
            w.WriteNumber("span_s", _udp.SpanNs * 1e-9);
            w.WriteEndObject();
        }
        w.WriteStartArray("sensors");
        foreach (WireStream s in _wire.Streams)
        {
            w.WriteStartObject();
            w.WriteString("sensor", s.Sensor);
            w.WriteString("format", s.Format);
            w.WriteStartArray("ports");
            foreach (int p in s.Ports)
            {
                w.WriteNumberValue(p);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Without <see cref="Complete"/>: stops sending and deletes the unfinished files.</summary>
    public void Dispose()
    {
        _udp?.Dispose();
        if (_completed)
        {
            return;
        }
        _pcap?.Dispose();
        foreach (FileStream f in _nmea.Values)
        {
            f.Dispose();
        }
        foreach ((string partial, _) in _files)
        {
            File.Delete(partial);
        }
    }
}
