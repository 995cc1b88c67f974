namespace SimCore.Roads;

/// <summary>A road's predecessor or successor link (OpenDRIVE <c>&lt;link&gt;</c> to a road).</summary>
/// <param name="RoadId">Id of the linked road.</param>
/// <param name="ContactPoint">Which end of the linked road connects.</param>
public sealed record RoadLink(string RoadId, ContactPoint ContactPoint);
