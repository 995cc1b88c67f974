namespace Perception.Spec;

/// <summary>A colour of an RGB image, as an input channel of a camera model.</summary>
internal enum ImageChannel
{
    /// <summary>Red.</summary>
    R,
    /// <summary>Green.</summary>
    G,
    /// <summary>Blue.</summary>
    B,
}
