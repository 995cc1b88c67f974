using System.Text.Json;
using SimCore.Simulation;

namespace Sim.Runtime.Recording;

/// <summary>One run event as JSON, the same in result.json's "events" and a recording's /sim/events.</summary>
internal static class SimEventJson
{
    /// <summary>Writes {time, type, name, entities, detail (when there is one)}.</summary>
    public static void Write(Utf8JsonWriter w, SimEvent e)
    {
        w.WriteStartObject();
        w.WriteNumber("time", e.Time);
        w.WriteString("type", e.Type);
        w.WriteString("name", e.Name);
        w.WriteStartArray("entities");
        foreach (string n in e.Entities)
        {
            w.WriteStringValue(n);
        }
        w.WriteEndArray();
        if (e.Detail is not null)
        {
            w.WriteString("detail", e.Detail);
        }
        w.WriteEndObject();
    }
}
