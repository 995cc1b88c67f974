namespace Sim.Runtime.Recording;

/// <summary>A recording cannot be read or replayed: the message names the file and what is wrong.</summary>
public sealed class RecordingException(string message) : Exception(message);
