namespace Mcap;

/// <summary>A Channel record: a topic and how its messages are encoded.</summary>
/// <param name="Id">Channel id.</param>
/// <param name="SchemaId">Its schema's id, 0 for none.</param>
/// <param name="Topic">The topic.</param>
/// <param name="MessageEncoding">Message encoding, e.g. "json".</param>
/// <param name="Metadata">Key/value pairs stored with the channel.</param>
public sealed record McapChannel(ushort Id, ushort SchemaId, string Topic, string MessageEncoding, IReadOnlyDictionary<string, string> Metadata);
