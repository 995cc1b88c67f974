namespace Sim.Runtime.Mining;

/// <summary>What a `sim mine` request did (<see cref="DatasetMiner.Run"/>).</summary>
/// <param name="Selected">Frames written (at most the request's top K).</param>
/// <param name="Considered">Frames ranked (those of the condition, when one was asked for).</param>
/// <param name="NearDuplicatesSkipped">Frames passed over as near-duplicates before the K-th was taken.</param>
/// <param name="DedupSeconds">The near-duplicate window used (s; 0: none).</param>
public sealed record MineSummary(int Selected, int Considered, int NearDuplicatesSkipped, double DedupSeconds);
