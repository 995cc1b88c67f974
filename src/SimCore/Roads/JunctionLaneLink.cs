namespace SimCore.Roads;

/// <summary>A lane link of a junction connection: lane <paramref name="From"/> of the incoming road continues on lane <paramref name="To"/> of the connecting road.</summary>
/// <param name="From">Lane id on the incoming road.</param>
/// <param name="To">Lane id on the connecting road.</param>
public readonly record struct JunctionLaneLink(int From, int To);
