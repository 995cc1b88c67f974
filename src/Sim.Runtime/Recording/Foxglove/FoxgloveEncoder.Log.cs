using System.Text.Json;

namespace Sim.Runtime.Recording.Foxglove;

internal sealed partial class FoxgloveEncoder
{
    /// <summary>
    /// A <c>foxglove.Log</c> line (run events, HIL deadline misses, ...), shown in Foxglove's Log
    /// panel. <c>file</c> is empty and <c>line</c> 0: the events come from the simulation, not a source line.
    /// </summary>
    /// <param name="timeNs">Simulation time of the event (ns).</param>
    /// <param name="level">Severity.</param>
    /// <param name="name">Who logs: a sensor, "hil", "sim", ...</param>
    /// <param name="message">The text.</param>
    public ReadOnlyMemory<byte> Log(long timeNs, FoxgloveLogLevel level, string name, string message)
    {
        Utf8JsonWriter w = Begin();
        w.WriteStartObject();
        WriteTime(w, "timestamp"u8, timeNs);
        w.WriteNumber("level"u8, (int)level);
        w.WriteString("message"u8, message);
        w.WriteString("name"u8, name);
        w.WriteString("file"u8, ""u8);
        w.WriteNumber("line"u8, 0);
        w.WriteEndObject();
        return End();
    }
}
