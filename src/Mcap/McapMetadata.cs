namespace Mcap;

/// <summary>A Metadata record: named key/value pairs.</summary>
/// <param name="Name">The record's name.</param>
/// <param name="Values">Its key/value pairs.</param>
public sealed record McapMetadata(string Name, IReadOnlyDictionary<string, string> Values);
