namespace Mcap;

/// <summary>
/// A malformed field inside one record, thrown by <see cref="McapSpanReader"/> without file or offset; the reader
/// turns it into an <see cref="McapException"/> that names both.
/// </summary>
internal sealed class McapRecordException(string message) : Exception(message);
