using System.Text.Json;

namespace Sim.Runtime.Datagen;

/// <summary>Where a frame came from: what manifest.json lists per frame and each ego/NNNNNN.json repeats.</summary>
/// <param name="Id">Global frame id.</param>
/// <param name="Scenario">The base scenario's path relative to the spec.</param>
/// <param name="ScenarioSha256">SHA-256 of the base scenario file (hex).</param>
/// <param name="Variant">Variant index.</param>
/// <param name="FrameIndex">Frame index within the variant.</param>
/// <param name="TimeNs">Simulation time of the frame (ns).</param>
/// <param name="Draw">The variant's random values.</param>
internal sealed record FrameLineage(long Id, string Scenario, string ScenarioSha256, int Variant, int FrameIndex, long TimeNs, VariantDraw Draw)
{
    /// <summary>Writes the lineage as a "lineage" object.</summary>
    public void WriteTo(Utf8JsonWriter j)
    {
        j.WriteStartObject("lineage");
        j.WriteString("scenario", Scenario);
        j.WriteString("scenario_sha256", ScenarioSha256);
        j.WriteNumber("variant", Variant);
        j.WriteNumber("frame_index", FrameIndex);
        j.WriteNumber("seed", Draw.SimulationSeed);
        j.WriteStartObject("randomised");
        if (Draw.TimeOfDay is double t)
        {
            j.WriteNumber("time_of_day", t);
        }
        if (Draw.Visibility is double v)
        {
            j.WriteNumber("visibility", v);
        }
        j.WriteStartArray("actors");
        foreach (PlacedActor a in Draw.Actors)
        {
            j.WriteStartObject();
            j.WriteString("name", a.Name);
            j.WriteString("type", a.Type);
            j.WriteString("road", a.Road);
            j.WriteNumber("lane", a.Lane);
            j.WriteNumber("s", a.S);
            j.WriteNumber("speed", a.Speed);
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteEndObject();
        j.WriteEndObject();
    }
}
