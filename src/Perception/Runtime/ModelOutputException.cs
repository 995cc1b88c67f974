namespace Perception.Runtime;

/// <summary>
/// A model produced outputs the spec cannot decode (a shape other than the one the spec and the
/// pre-processing fix). Raised at run time for models whose declared shapes are symbolic, so the
/// load-time check could not catch it.
/// </summary>
public sealed class ModelOutputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelOutputException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
