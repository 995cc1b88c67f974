namespace SimCore.Signals;

/// <summary>One phase of a traffic signal controller: the signals' states for a duration.</summary>
/// <param name="Name">Phase name, unique in its controller.</param>
/// <param name="Duration">How long the phase lasts (s, greater than zero).</param>
/// <param name="States">The state each listed signal takes for the phase.</param>
internal sealed record SignalPhase(string Name, double Duration, IReadOnlyList<(string SignalId, string State)> States);

/// <summary>
/// An OpenSCENARIO TrafficSignalController: phases that follow each other in a loop in simulated
/// time. Its first phase starts at time zero, or <see cref="Delay"/> seconds after the first phase
/// of the controller it references (<see cref="Reference"/>), which links the cycles of the
/// controllers of one junction.
/// </summary>
internal sealed record SignalControllerDefinition(string Name, double Delay, string? Reference, IReadOnlyList<SignalPhase> Phases);
