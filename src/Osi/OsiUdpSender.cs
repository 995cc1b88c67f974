using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SimCore.Diagnostics;

namespace Osi;

/// <summary>
/// OSI messages over UDP as esmini sends them (`esmini --osi_receiver_ip`; OSIReporter::UpdateOSIGroundTruth
/// in esmini's EnvironmentSimulator/Modules/ScenarioEngine/SourceFiles/OSIReporter.cpp): each
/// serialized message split into chunks of at most <see cref="MaxChunk"/> bytes, each chunk one
/// datagram of an 8-byte header <c>{int32 counter; uint32 size}</c> (little endian) and the chunk;
/// the counter starts at 1 for every message and grows by one per chunk, and the last chunk's
/// counter is negated (a message of one chunk: -1). A receiver appends chunks until a negative counter.
/// </summary>
public sealed class OsiUdpSender : IDisposable
{
    /// <summary>Most message bytes in one datagram (esmini's OSI_MAX_UDP_DATA_SIZE).</summary>
    public const int MaxChunk = 8192;

    /// <summary>Bytes of the header before each chunk.</summary>
    public const int HeaderBytes = 8;

    private readonly Socket _socket;
    private readonly byte[] _datagram = new byte[HeaderBytes + MaxChunk];

    private OsiUdpSender(Socket socket, IPEndPoint endpoint)
    {
        _socket = socket;
        Endpoint = endpoint;
    }

    /// <summary>Where the datagrams go.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>Messages sent.</summary>
    public long Messages { get; private set; }

    /// <summary>Datagrams sent.</summary>
    public long Datagrams { get; private set; }

    /// <summary>Datagrams the network refused (nobody listening: UDP loses them, as esmini's do).</summary>
    public long Refused { get; private set; }

    /// <summary>Opens a sender to <paramref name="hostPort"/> (<c>HOST:PORT</c>, <c>[IPv6]:PORT</c>); <paramref name="option"/> names it in errors.</summary>
    /// <exception cref="InputException">Not HOST:PORT, a port outside 1..65535, or a host that does not resolve.</exception>
    public static OsiUdpSender Open(string hostPort, string option = "--osi-udp")
    {
        IPEndPoint endpoint = Resolve(hostPort, option);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Connect(endpoint);
            return new OsiUdpSender(socket, endpoint);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new InputException(new SourceLocation(option, 0, 0), $"cannot send to '{hostPort}': {e.Message}");
        }
    }

    /// <summary>The endpoint of <c>HOST:PORT</c>.</summary>
    /// <exception cref="InputException">Malformed, or the host does not resolve.</exception>
    internal static IPEndPoint Resolve(string hostPort, string option)
    {
        var where = new SourceLocation(option, 0, 0);
        int colon = hostPort.LastIndexOf(':');
        string host = colon > 0 ? hostPort[..colon] : "";
        string port = colon >= 0 ? hostPort[(colon + 1)..] : "";
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':'))
        {
            host = ""; // an IPv6 address needs brackets: [::1]:48198
        }
        if (host.Length == 0 || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p is < 1 or > 65535)
        {
            throw new InputException(where, $"'{InputError.Excerpt(hostPort)}' is not HOST:PORT (e.g. 127.0.0.1:48198, esmini's OSI port; [::1]:48198 for IPv6; port 1..65535)");
        }
        if (IPAddress.TryParse(host, out IPAddress? address))
        {
            return new IPEndPoint(address, p);
        }
        try
        {
            IPAddress[] found = Dns.GetHostAddresses(host);
            IPAddress? pick = found.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? found.FirstOrDefault();
            return pick is not null ? new IPEndPoint(pick, p) : throw new InputException(where, $"host '{host}' has no address");
        }
        catch (SocketException e)
        {
            throw new InputException(where, $"host '{host}' does not resolve: {e.Message}");
        }
    }

    /// <summary>Sends one serialized message in chunks (nothing allocated).</summary>
    public void Send(ReadOnlySpan<byte> message)
    {
        int sent = 0;
        for (int counter = 1; sent < message.Length; counter++)
        {
            int size = Math.Min(message.Length - sent, MaxChunk);
            bool last = sent + size >= message.Length;
            BinaryPrimitives.WriteInt32LittleEndian(_datagram, last ? -counter : counter);
            BinaryPrimitives.WriteUInt32LittleEndian(_datagram.AsSpan(4), (uint)size);
            message.Slice(sent, size).CopyTo(_datagram.AsSpan(HeaderBytes));
            try
            {
                _socket.Send(_datagram.AsSpan(0, HeaderBytes + size));
                Datagrams++;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.HostUnreachable or SocketError.NetworkUnreachable)
            {
                // UDP: an ICMP "unreachable" for an earlier datagram surfaces here; the stream goes on.
                Refused++;
            }
            sent += size;
        }
        Messages++;
    }

    /// <inheritdoc/>
    public void Dispose() => _socket.Dispose();
}
