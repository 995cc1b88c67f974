using System.Buffers.Binary;

namespace Sim.Runtime.Import.Pcap;

/// <summary>
/// Reads a libpcap capture file (the classic format tcpdump and Wireshark write: microsecond or
/// nanosecond timestamps, either byte order) record by record, holding one record at a time. A
/// record header that claims more bytes than the file has, or more than any link can carry, is
/// where the capture is damaged: reading stops there and <see cref="Damage"/> says where and why.
/// pcapng files are recognised and refused with the command that converts them.
/// </summary>
public sealed class PcapReader : IDisposable
{
    /// <summary>Largest record accepted (the largest snap length tools use is 262,144 bytes).</summary>
    public const int MaxRecordBytes = 1 << 20;

    private readonly Stream _stream;
    private readonly bool _swap;
    private readonly bool _nanoseconds;
    private readonly byte[] _header = new byte[16];
    private byte[] _buffer = new byte[65536];
    private long _offset = 24;

    private PcapReader(string name, Stream stream, bool swap, bool nanoseconds, uint linkType, uint snapLength)
    {
        (Name, _stream, _swap, _nanoseconds, LinkType, SnapLength) = (name, stream, swap, nanoseconds, linkType, snapLength);
    }

    /// <summary>The file's name, for messages.</summary>
    public string Name { get; }

    /// <summary>The link-layer type of every record (1 Ethernet, 101 raw IP, 113 Linux cooked...).</summary>
    public uint LinkType { get; }

    /// <summary>The capture's snap length.</summary>
    public uint SnapLength { get; }

    /// <summary>Records read so far.</summary>
    public int Records { get; private set; }

    /// <summary>Bytes of the file read so far.</summary>
    public long Position => _offset;

    /// <summary>Where and why reading stopped early (a cut or corrupt file), or null.</summary>
    public string? Damage { get; private set; }

    /// <summary>Byte offset of the damage, or -1.</summary>
    public long DamagedAt { get; private set; } = -1;

    /// <summary>Opens <paramref name="path"/>.</summary>
    /// <exception cref="SimCore.Diagnostics.InputException">Not a pcap file (the message says what it is), or unreadable.</exception>
    public static PcapReader Open(string path)
    {
        FileStream s = SimCore.Diagnostics.InputFiles.OpenRead(path, "capture");
        try
        {
            byte[] h = new byte[24];
            int n = s.ReadAtLeast(h, 24, throwOnEndOfStream: false);
            if (n < 4)
            {
                throw Bad(path, n == 0 ? "empty file, not a packet capture" : $"{n} bytes, not a packet capture");
            }
            uint magic = BinaryPrimitives.ReadUInt32LittleEndian(h);
            (bool swap, bool ns) = magic switch
            {
                0xA1B2C3D4 => (false, false),
                0xA1B23C4D => (false, true),
                0xD4C3B2A1 => (true, false),
                0x4D3CB2A1 => (true, true),
                0x0A0D0D0A => throw Bad(path, "a pcapng file: convert it with `editcap -F pcap FILE out.pcap` (Wireshark's tools)"),
                _ => throw Bad(path, $"not a pcap file (starts with {Convert.ToHexString(h, 0, 4)})"),
            };
            if (n < 24)
            {
                throw Bad(path, $"at byte {n}: the file header is cut ({n} of 24 bytes)");
            }
            uint U(int at) => swap ? BinaryPrimitives.ReadUInt32BigEndian(h.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(at));
            ushort major = swap ? BinaryPrimitives.ReadUInt16BigEndian(h.AsSpan(4)) : BinaryPrimitives.ReadUInt16LittleEndian(h.AsSpan(4));
            if (major != 2)
            {
                throw Bad(path, $"at byte 4: pcap version {major}, not 2");
            }
            return new PcapReader(path, s, swap, ns, U(20) & 0x0FFF_FFFF, U(16));
        }
        catch
        {
            s.Dispose();
            throw;
        }
    }

    private static SimCore.Diagnostics.InputException Bad(string path, string message) => new(new SimCore.Diagnostics.SourceLocation(path, 0, 0), message);

    /// <summary>
    /// The next record: its index, byte offset in the file, capture time (ns since 1970) and bytes
    /// (valid until the next call). False at the end of the file or at damage.
    /// </summary>
    public bool TryNext(out int index, out long offset, out long timeNs, out ReadOnlyMemory<byte> data)
    {
        (index, offset, timeNs, data) = (Records, _offset, 0, default);
        if (Damage is not null)
        {
            return false;
        }
        int n = _stream.ReadAtLeast(_header, 16, throwOnEndOfStream: false);
        if (n == 0)
        {
            return false;
        }
        if (n < 16)
        {
            return Stop($"record {Records}'s header is cut ({n} of 16 bytes)");
        }
        uint U(int at) => _swap ? BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(at));
        uint sec = U(0), frac = U(4), length = U(8);
        if (length > MaxRecordBytes || frac >= (_nanoseconds ? 1_000_000_000u : 1_000_000u))
        {
            return Stop(length > MaxRecordBytes
                ? $"record {Records} claims {length} bytes (more than any link carries): corrupt"
                : $"record {Records} has a sub-second timestamp of {frac}: corrupt");
        }
        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, (uint)_buffer.Length * 2)];
        }
        int got = _stream.ReadAtLeast(_buffer.AsSpan(0, (int)length), (int)length, throwOnEndOfStream: false);
        if (got < length)
        {
            return Stop($"record {Records} is cut ({got} of its {length} bytes)");
        }
        timeNs = sec * 1_000_000_000L + (_nanoseconds ? frac : frac * 1000L);
        data = _buffer.AsMemory(0, (int)length);
        _offset += 16 + length;
        Records++;
        return true;
    }

    private bool Stop(string why)
    {
        (Damage, DamagedAt) = (why, _offset);
        return false;
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();
}
