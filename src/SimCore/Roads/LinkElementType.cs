namespace SimCore.Roads;

/// <summary>What a road link points at (OpenDRIVE <c>elementType</c>).</summary>
public enum LinkElementType
{
    /// <summary>Another road.</summary>
    Road,

    /// <summary>A junction; the next road is chosen among the junction's connections.</summary>
    Junction,
}
