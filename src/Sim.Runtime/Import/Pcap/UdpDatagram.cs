namespace Sim.Runtime.Import.Pcap;

/// <summary>A UDP datagram from a capture.</summary>
/// <param name="Source">Source address (IPv4 as its 32 bits; IPv6 folded to a hash).</param>
/// <param name="SourcePort">Source port.</param>
/// <param name="DestinationPort">Destination port.</param>
/// <param name="Payload">The UDP payload (valid until the next record is read).</param>
/// <param name="Record">Index of the record that completed it.</param>
/// <param name="Offset">Byte offset of that record in the capture file.</param>
/// <param name="TimeNs">Capture time of that record (ns since 1970).</param>
public readonly record struct UdpDatagram(ulong Source, ushort SourcePort, ushort DestinationPort, ReadOnlyMemory<byte> Payload, int Record, long Offset, long TimeNs);
