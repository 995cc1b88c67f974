namespace Mcap;

/// <summary>An Attachment record (its CRC verified when read).</summary>
/// <param name="Offset">Byte offset of the record in the file.</param>
/// <param name="LogTime">When it was recorded (ns).</param>
/// <param name="CreateTime">When it was created (ns), 0 when unknown.</param>
/// <param name="Name">Its name.</param>
/// <param name="MediaType">Its MIME type.</param>
/// <param name="Data">Its bytes.</param>
public sealed record McapAttachment(long Offset, ulong LogTime, ulong CreateTime, string Name, string MediaType, ReadOnlyMemory<byte> Data);
