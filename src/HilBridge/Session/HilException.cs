namespace HilBridge.Session;

/// <summary>A HIL session cannot go on: no target, a refusal, a timeout. The message says which and where.</summary>
public sealed class HilException(string message) : Exception(message);
