namespace Mcap;

/// <summary>
/// What a recording holds: from its Statistics record when the summary is intact, otherwise counted while scanning.
/// </summary>
/// <param name="MessageCount">Messages in the file (or in its readable part).</param>
/// <param name="SchemaCount">Distinct schema ids.</param>
/// <param name="ChannelCount">Distinct channel ids.</param>
/// <param name="AttachmentCount">Attachment records.</param>
/// <param name="MetadataCount">Metadata records.</param>
/// <param name="ChunkCount">Chunk records.</param>
/// <param name="MessageStartTime">Earliest log time (ns), 0 without messages.</param>
/// <param name="MessageEndTime">Latest log time (ns), 0 without messages.</param>
/// <param name="ChannelMessageCounts">Messages per channel id.</param>
public sealed record McapStatistics(
    ulong MessageCount,
    ushort SchemaCount,
    uint ChannelCount,
    uint AttachmentCount,
    uint MetadataCount,
    uint ChunkCount,
    ulong MessageStartTime,
    ulong MessageEndTime,
    IReadOnlyDictionary<ushort, ulong> ChannelMessageCounts);
