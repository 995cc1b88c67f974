namespace SimCore.Diagnostics;

/// <summary>One problem with an input file, pointing at where it is.</summary>
public sealed record InputError(SourceLocation Location, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Location}: error: {Message}";
}
