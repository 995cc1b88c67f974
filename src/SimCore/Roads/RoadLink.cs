namespace SimCore.Roads;

/// <summary>A road's predecessor or successor link (OpenDRIVE <c>&lt;link&gt;</c> to a road or a junction).</summary>
/// <param name="RoadId">Id of the linked element: a road id, or a junction id when <paramref name="ElementType"/> is <see cref="LinkElementType.Junction"/>.</param>
/// <param name="ContactPoint">Which end of the linked road connects (meaningless for a junction, where it is <see cref="ContactPoint.Start"/>).</param>
/// <param name="ElementType">Whether the link points at a road (the default) or a junction.</param>
public sealed record RoadLink(string RoadId, ContactPoint ContactPoint, LinkElementType ElementType = LinkElementType.Road)
{
    /// <summary>Id of the linked element (same as <see cref="RoadId"/>; reads better for junction links).</summary>
    public string ElementId => RoadId;

    /// <summary>True when the link points at a junction rather than a road.</summary>
    public bool IsJunction => ElementType == LinkElementType.Junction;
}
