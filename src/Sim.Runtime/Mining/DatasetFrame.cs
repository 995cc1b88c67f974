using System.Text.Json;

namespace Sim.Runtime.Mining;

/// <summary>A frame of a `sim generate` dataset as its manifest describes it.</summary>
/// <param name="Id">The frame id (file stem).</param>
/// <param name="Time">Simulation time of the frame (s).</param>
/// <param name="Lineage">The manifest's lineage of the frame.</param>
/// <param name="TimeOfDay">The drawn time of day (h), when the spec drew one.</param>
/// <param name="Variant">Scenario (as the lineage names it) and variant: frames of one variant are one drive.</param>
internal sealed record DatasetFrame(string Id, double Time, JsonElement Lineage, double? TimeOfDay, string Variant);
