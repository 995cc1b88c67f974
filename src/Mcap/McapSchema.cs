namespace Mcap;

/// <summary>A Schema record: how a channel's messages are described.</summary>
/// <param name="Id">Schema id (never 0).</param>
/// <param name="Name">Schema name, e.g. a message type.</param>
/// <param name="Encoding">Schema encoding, e.g. "jsonschema"; "" for none.</param>
/// <param name="Data">The schema in <paramref name="Encoding"/>.</param>
public sealed record McapSchema(ushort Id, string Name, string Encoding, ReadOnlyMemory<byte> Data);
