namespace SimCore.Simulation;

/// <summary>One timestamped thing that happened in a run (trigger fired, action started, collision...).</summary>
/// <param name="Time">Simulation time (s).</param>
/// <param name="Type">Kind of event: trigger, event_start, event_end, action_start, action_end, collision, lane_departure, offroad, aeb, criterion_failed, stop.</param>
/// <param name="Name">Name of the storyboard element, criterion or monitor.</param>
/// <param name="Entities">Entities involved.</param>
/// <param name="Detail">Free text with measured values.</param>
public sealed record SimEvent(double Time, string Type, string Name, IReadOnlyList<string> Entities, string? Detail = null);
