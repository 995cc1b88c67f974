namespace Mcap;

/// <summary>A Message record as <see cref="McapReader.ReadMessages"/> yields it.</summary>
/// <param name="ChannelId">The channel it was written on.</param>
/// <param name="Sequence">The publisher's counter.</param>
/// <param name="LogTime">When it was recorded (ns).</param>
/// <param name="PublishTime">When it was published (ns).</param>
/// <param name="Data">The encoded message: a slice of its decompressed chunk, valid for as long as it is referenced.</param>
public readonly record struct McapMessage(ushort ChannelId, uint Sequence, ulong LogTime, ulong PublishTime, ReadOnlyMemory<byte> Data);
