using System.Buffers.Binary;

namespace Sim.Runtime.Wire;

/// <summary>
/// Writes a classic libpcap capture (magic A1B2C3D4, version 2.4, microsecond timestamps, link type
/// 1: Ethernet), one record per UDP datagram framed as a capture on the receiving host shows it:
/// Ethernet II (type 0x0800), IPv4 (20-byte header, don't-fragment, TTL 64, header checksum) and UDP
/// (with its checksum). Datagrams are written whole (as a host with jumbo frames or reassembly
/// captures them); <c>sim import pcap</c> reads them, as it reads the sensors' real captures.
/// Reuses one frame buffer: a record allocates nothing.
/// </summary>
internal sealed class PcapWriter : IDisposable
{
    /// <summary>Bytes of the Ethernet, IPv4 and UDP headers before the payload.</summary>
    public const int HeaderBytes = 14 + 20 + 8;

    /// <summary>The largest UDP payload an IPv4 datagram holds.</summary>
    public const int MaxPayload = 65_535 - 20 - 8;

    private readonly Stream _out;
    private readonly byte[] _frame = new byte[16 + HeaderBytes + MaxPayload];
    private ushort _ipId;

    /// <summary>Starts a capture on <paramref name="output"/> (owned: disposed with the writer).</summary>
    public PcapWriter(Stream output)
    {
        _out = output;
        Span<byte> h = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(h, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(h[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(h[8..], 0); // thiszone
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], 0); // sigfigs
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], 65_535); // snaplen
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], 1); // LINKTYPE_ETHERNET
        _out.Write(h);
    }

    /// <summary>Records written.</summary>
    public long Records { get; private set; }

    /// <summary>
    /// Appends one datagram from <paramref name="source"/>:<paramref name="port"/> to
    /// <paramref name="destination"/>:<paramref name="port"/> captured at <paramref name="utcNs"/> (ns since 1970).
    /// </summary>
    public void Write(long utcNs, uint source, uint destination, int port, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxPayload)
        {
            throw new ArgumentException($"a {payload.Length}-byte payload does not fit a UDP datagram");
        }
        int length = HeaderBytes + payload.Length;
        Span<byte> r = _frame.AsSpan(0, 16 + length);
        long us = utcNs / 1000;
        BinaryPrimitives.WriteUInt32LittleEndian(r, (uint)(us / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(r[4..], (uint)(us % 1_000_000));
        BinaryPrimitives.WriteInt32LittleEndian(r[8..], length);
        BinaryPrimitives.WriteInt32LittleEndian(r[12..], length);
        Span<byte> eth = r[16..];
        // Destination: the host's NIC; source: the sensor's, numbered after its address.
        ReadOnlySpan<byte> dstMac = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];
        dstMac.CopyTo(eth);
        ReadOnlySpan<byte> srcMac = [0x02, 0x00, 0x00, 0x00, 0x00, 0x00];
        srcMac.CopyTo(eth[6..]);
        eth[11] = (byte)source;
        BinaryPrimitives.WriteUInt16BigEndian(eth[12..], 0x0800);
        Span<byte> ip = eth[14..];
        ip[0] = 0x45;
        ip[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + 8 + payload.Length));
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], _ipId++);
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], 0x4000);
        ip[8] = 64;
        ip[9] = 17;
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], source);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], destination);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Fold(Sum(ip[..20], 0)));
        Span<byte> udp = ip[20..];
        BinaryPrimitives.WriteUInt16BigEndian(udp, (ushort)port);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], (ushort)port);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + payload.Length));
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], 0);
        payload.CopyTo(udp[8..]);
        // UDP checksum over the pseudo-header (addresses, protocol, length) and the datagram; 0 is sent as FFFF.
        ulong sum = Sum(ip.Slice(12, 8), 17UL + (ulong)(8 + payload.Length));
        ushort check = Fold(Sum(udp[..(8 + payload.Length)], sum));
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], check == 0 ? (ushort)0xFFFF : check);
        _out.Write(r);
        Records++;
    }

    /// <summary>The ones' complement sum of big-endian 16-bit words (an odd last byte padded with 0), unfolded.</summary>
    private static ulong Sum(ReadOnlySpan<byte> data, ulong sum)
    {
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += (ulong)(data[i] << 8 | data[i + 1]);
        }
        if (i < data.Length)
        {
            sum += (ulong)(data[i] << 8);
        }
        return sum;
    }

    private static ushort Fold(ulong sum)
    {
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)~sum;
    }

    public void Dispose() => _out.Dispose();
}
