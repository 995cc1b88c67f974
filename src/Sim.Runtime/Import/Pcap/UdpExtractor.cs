using System.Buffers.Binary;

namespace Sim.Runtime.Import.Pcap;

/// <summary>
/// Takes the UDP datagrams out of captured link-layer frames: Ethernet (with 802.1Q/802.1ad tags),
/// BSD loopback, raw IP and Linux cooked captures; IPv4 (fragments reassembled, as sensors with
/// 8 to 25 KB packets are often captured on a 1500-byte link) and IPv6 without extension headers.
/// A fragment whose datagram never completes, or whose id is reused before it completes, is
/// counted and dropped. Reassembly holds at most 32 datagrams of 64 KiB, in buffers reused from
/// datagram to datagram.
/// </summary>
public sealed class UdpExtractor(uint linkType)
{
    private const int MaxPending = 32;

    private sealed class Pending
    {
        public readonly byte[] Data = new byte[65536];
        public readonly List<(int Start, int End)> Pieces = new();
        public int Total = -1;
        public int FirstRecord;
        public long FirstOffset;
        public int LastUsed;
    }

    private readonly Dictionary<(uint Src, uint Dst, ushort Id), Pending> _pending = new();
    private readonly Stack<Pending> _free = new();

    /// <summary>A reassembly buffer, reused once its datagram is done.</summary>
    private Pending Rent(int record, long offset)
    {
        Pending p = _free.Count > 0 ? _free.Pop() : new Pending();
        p.Pieces.Clear();
        (p.Total, p.FirstRecord, p.FirstOffset, p.LastUsed) = (-1, record, offset, record);
        return p;
    }

    private void Release((uint, uint, ushort) key, Pending p)
    {
        _pending.Remove(key);
        _free.Push(p);
    }

    /// <summary>Frames that were not UDP over IP (ARP, TCP...).</summary>
    public int NotUdp { get; private set; }

    /// <summary>Frames shorter than their own headers say (cut by the snap length or corrupt).</summary>
    public int Truncated { get; private set; }

    /// <summary>Fragments dropped because their datagram never completed.</summary>
    public int LostFragments { get; private set; }

    /// <summary>Datagrams reassembled from fragments.</summary>
    public int Reassembled { get; private set; }

    /// <summary>The UDP datagram a frame completes, if any.</summary>
    public bool TryTake(ReadOnlyMemory<byte> frame, int record, long offset, long timeNs, out UdpDatagram datagram)
    {
        datagram = default;
        ReadOnlySpan<byte> f = frame.Span;
        int ip;
        ushort ether;
        switch (linkType)
        {
            case 1:
                if (f.Length < 14)
                {
                    Truncated++;
                    return false;
                }
                ip = 14;
                ether = BinaryPrimitives.ReadUInt16BigEndian(f[12..]);
                for (int tags = 0; tags < 2 && ether is 0x8100 or 0x88A8 && f.Length >= ip + 4; tags++)
                {
                    ether = BinaryPrimitives.ReadUInt16BigEndian(f[(ip + 2)..]);
                    ip += 4;
                }
                break;
            case 0 or 108:
                ip = 4;
                ether = f.Length > 4 && f[4] >> 4 == 6 ? (ushort)0x86DD : (ushort)0x0800;
                break;
            case 12 or 14 or 101:
                ip = 0;
                ether = f.Length > 0 && f[0] >> 4 == 6 ? (ushort)0x86DD : (ushort)0x0800;
                break;
            case 113:
                ip = 16;
                ether = f.Length >= 16 ? BinaryPrimitives.ReadUInt16BigEndian(f[14..]) : (ushort)0;
                break;
            case 276:
                ip = 20;
                ether = f.Length >= 20 ? BinaryPrimitives.ReadUInt16BigEndian(f) : (ushort)0;
                break;
            default:
                NotUdp++;
                return false;
        }
        if (ether == 0x86DD)
        {
            return V6(frame, ip, record, offset, timeNs, out datagram);
        }
        if (ether != 0x0800 || f.Length < ip + 20 || f[ip] >> 4 != 4)
        {
            NotUdp++;
            return false;
        }
        int ihl = (f[ip] & 15) * 4;
        int total = BinaryPrimitives.ReadUInt16BigEndian(f[(ip + 2)..]);
        if (ihl < 20 || total < ihl || f.Length < ip + total)
        {
            Truncated++;
            return false;
        }
        if (f[ip + 9] != 17)
        {
            NotUdp++;
            return false;
        }
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(f[(ip + 4)..]);
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(f[(ip + 6)..]);
        uint src = BinaryPrimitives.ReadUInt32BigEndian(f[(ip + 12)..]), dst = BinaryPrimitives.ReadUInt32BigEndian(f[(ip + 16)..]);
        bool more = (flags & 0x2000) != 0;
        int fragmentOffset = (flags & 0x1FFF) * 8;
        ReadOnlyMemory<byte> body = frame.Slice(ip + ihl, total - ihl);
        if (!more && fragmentOffset == 0)
        {
            return Udp(src, body, record, offset, timeNs, out datagram);
        }
        return Fragment((src, dst, id), src, body, fragmentOffset, more, record, offset, timeNs, out datagram);
    }

    private bool Fragment((uint, uint, ushort) key, uint src, ReadOnlyMemory<byte> body, int at, bool more, int record, long offset, long timeNs, out UdpDatagram datagram)
    {
        datagram = default;
        if (at + body.Length > 65535)
        {
            Truncated++;
            return false;
        }
        if (_pending.TryGetValue(key, out Pending? p) && at == 0 && p.Pieces.Any(x => x.Start == 0))
        {
            // The id came round again before the old datagram completed: the old one is lost.
            LostFragments += p.Pieces.Count;
            Release(key, p);
            p = null;
        }
        if (p is null)
        {
            if (_pending.Count >= MaxPending)
            {
                var oldest = _pending.MinBy(kv => kv.Value.LastUsed);
                LostFragments += oldest.Value.Pieces.Count;
                Release(oldest.Key, oldest.Value);
            }
            p = Rent(record, offset);
            _pending[key] = p;
        }
        p.LastUsed = record;
        body.Span.CopyTo(p.Data.AsSpan(at));
        p.Pieces.Add((at, at + body.Length));
        if (at == 0)
        {
            (p.FirstRecord, p.FirstOffset) = (record, offset);
        }
        if (!more)
        {
            p.Total = at + body.Length;
        }
        if (p.Total < 0)
        {
            return false;
        }
        int covered = 0;
        p.Pieces.Sort();
        foreach ((int s, int e) in p.Pieces)
        {
            if (s > covered)
            {
                return false;
            }
            covered = Math.Max(covered, e);
        }
        if (covered < p.Total)
        {
            return false;
        }
        // The datagram's bytes stay valid until the next frame: the buffer goes back to the pool only
        // then, as the next reassembly takes the most recently freed one.
        Release(key, p);
        Reassembled++;
        return Udp(src, p.Data.AsMemory(0, p.Total), record, p.FirstOffset, timeNs, out datagram);
    }

    private bool V6(ReadOnlyMemory<byte> frame, int ip, int record, long offset, long timeNs, out UdpDatagram datagram)
    {
        datagram = default;
        ReadOnlySpan<byte> f = frame.Span;
        if (f.Length < ip + 40)
        {
            Truncated++;
            return false;
        }
        int payload = BinaryPrimitives.ReadUInt16BigEndian(f[(ip + 4)..]);
        if (f[ip + 6] != 17)
        {
            NotUdp++;
            return false;
        }
        if (f.Length < ip + 40 + payload)
        {
            Truncated++;
            return false;
        }
        ulong src = BinaryPrimitives.ReadUInt64BigEndian(f[(ip + 8)..]) ^ BinaryPrimitives.ReadUInt64BigEndian(f[(ip + 16)..]);
        return Udp(src, frame.Slice(ip + 40, payload), record, offset, timeNs, out datagram);
    }

    private bool Udp(ulong src, ReadOnlyMemory<byte> body, int record, long offset, long timeNs, out UdpDatagram datagram)
    {
        datagram = default;
        ReadOnlySpan<byte> u = body.Span;
        if (u.Length < 8)
        {
            Truncated++;
            return false;
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(u[4..]);
        if (length < 8 || length > u.Length)
        {
            Truncated++;
            return false;
        }
        datagram = new UdpDatagram(src, BinaryPrimitives.ReadUInt16BigEndian(u), BinaryPrimitives.ReadUInt16BigEndian(u[2..]), body.Slice(8, length - 8), record, offset, timeNs);
        return true;
    }

    /// <summary>Counts what is still waiting for fragments at the end of the capture as lost.</summary>
    public void Finish()
    {
        LostFragments += _pending.Values.Sum(p => p.Pieces.Count);
        _pending.Clear();
    }
}
