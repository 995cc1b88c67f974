namespace SimCore.Scenarios;

/// <summary>A scenario parameter: its name and value as written (or as overridden on the command line).</summary>
public sealed record ParameterValue(string Name, string Text);
