namespace HilBridge.Protocol.Messages;

/// <summary>The run ended: status (pass, fail, error), a one-line reason and the result summary (result.json's text).</summary>
public sealed record EndOfRun(string Status, string Reason, string SummaryJson);
