using System.Buffers;
using System.Text.Json;
using SensorModels.Mathematics;

namespace SensorModels.Runtime;

/// <summary>
/// A sensor's calibration as the JSON object HIL targets and recordings get (docs/hil-protocol.md,
/// "Calibration"): SI units, angles in radians, the sensor frame as the rig mounts it.
/// </summary>
internal static class SensorCalibration
{
    /// <summary>The JSON object <paramref name="body"/> writes, with <c>"type"</c> first.</summary>
    public static string Json(string type, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            body(w);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes <paramref name="values"/> as an array named <paramref name="name"/>.</summary>
    public static void Array(Utf8JsonWriter w, string name, ReadOnlySpan<double> values)
    {
        w.WriteStartArray(name);
        foreach (double v in values)
        {
            w.WriteNumberValue(v);
        }
        w.WriteEndArray();
    }

    /// <summary>Writes a per-axis triple (x, y, z of the sensor frame).</summary>
    public static void Triple(Utf8JsonWriter w, string name, Vec3 v) => Array(w, name, [v.X, v.Y, v.Z]);
}
