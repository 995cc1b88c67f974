namespace SimCore.Roads;

/// <summary>Which end of a linked road a link attaches to.</summary>
public enum ContactPoint
{
    /// <summary>The linked road's start (s = 0).</summary>
    Start,

    /// <summary>The linked road's end (s = length).</summary>
    End,
}
