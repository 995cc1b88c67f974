using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Sim.Runtime.Output;

namespace Sim.Runtime.View;

/// <summary>
/// view.html: one self-contained page (docs/view.md): the template, style and script compiled into
/// this assembly, the run's facts as inline JSON, and its poses, series and answers as gzip + base64
/// binaries the script inflates with the browser's own DecompressionStream. Nothing is fetched.
/// The same data always gives the same bytes.
/// </summary>
internal static class ViewPage
{
    public const string FileName = "view.html";

    public static void Write(string path, ViewData d) => AtomicFile.Write(path, s => Write(s, d));

    public static void Write(Stream stream, ViewData d)
    {
        string template = Asset("view.html");
        string data = DataScripts(d);
        string page = template
            .Replace("/*TITLE*/", System.Net.WebUtility.HtmlEncode(d.Title + " · sim view"), StringComparison.Ordinal)
            .Replace("/*CSS*/", Asset("view.css"), StringComparison.Ordinal)
            .Replace("/*SCRIPT*/", Asset("view.js"), StringComparison.Ordinal)
            .Replace("/*DATA*/", data, StringComparison.Ordinal);
        using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        w.Write(page);
    }

    private static string DataScripts(ViewData d)
    {
        var sb = new StringBuilder();
        // "</" inside a string would end the script element early; "<\/" is the same JSON.
        sb.Append("<script type=\"application/json\" id=\"sim-data\">").Append(Json(d).Replace("</", "<\\/", StringComparison.Ordinal)).Append("</script>\n");
        Blob(sb, "sim-poses", d.Poses.Write);
        if (d.Series is not null)
        {
            Blob(sb, "sim-series", d.Series.Write);
        }
        if (d.Answers is not null)
        {
            Blob(sb, "sim-answers", d.Answers.Write);
        }
        return sb.ToString();
    }

    private static void Blob(StringBuilder sb, string id, Action<Stream> write)
    {
        var packed = new MemoryStream();
        using (var gz = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        using (var buffered = new BufferedStream(gz, 1 << 16))
        {
            write(buffered);
        }
        sb.Append("<script type=\"application/octet-stream\" id=\"").Append(id).Append("\">");
        sb.Append(Convert.ToBase64String(packed.GetBuffer(), 0, (int)packed.Length));
        sb.Append("</script>\n");
    }

    private static string Json(ViewData d)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("format", "sim-view/1");
            w.WriteString("source", d.Source);
            w.WriteString("title", d.Title);
            w.WriteString("status", d.Status);
            w.WriteStartArray("info");
            foreach (string s in d.Info)
            {
                w.WriteStringValue(s);
            }
            w.WriteEndArray();
            w.WriteNumber("step", d.Step);
            w.WriteNumber("steps", d.LastState);
            w.WriteNumber("frame_stride", d.Poses.Stride);
            SceneJson.WriteEntities(w, d.Entities);
            SceneJson.WriteSensors(w, d.Sensors);
            if (Bounds(d) is { } b)
            {
                w.WriteStartArray("bounds");
                w.WriteNumberValue(Math.Round(b.MinX, 2));
                w.WriteNumberValue(Math.Round(b.MinY, 2));
                w.WriteNumberValue(Math.Round(b.MaxX, 2));
                w.WriteNumberValue(Math.Round(b.MaxY, 2));
                w.WriteEndArray();
            }
            else
            {
                w.WriteNull("bounds");
            }
            if (d.Map is { IsEmpty: false } map)
            {
                w.WritePropertyName("map");
                map.WriteJson(w);
            }
            else
            {
                w.WriteNull("map");
            }
            if (d.Series is not null)
            {
                w.WritePropertyName("series");
                d.Series.WriteJson(w);
            }
            else
            {
                w.WriteNull("series");
            }
            w.WriteStartArray("plots");
            foreach (PlotSpec p in d.Plots)
            {
                w.WriteStartObject();
                w.WriteString("title", p.Title);
                w.WriteString("unit", p.Unit);
                Strings(w, "columns", p.Columns);
                Strings(w, "kpis", p.Kpis);
                if (p.Clamp is { } clamp)
                {
                    w.WriteStartArray("clamp");
                    w.WriteNumberValue(clamp.Lo);
                    w.WriteNumberValue(clamp.Hi);
                    w.WriteEndArray();
                }
                w.WriteBoolean("aeb", p.Aeb);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            Elements(w, "events", d.Events);
            Elements(w, "criteria", d.Criteria);
            Elements(w, "collisions", d.Collisions);
            if (d.Answers is not null)
            {
                Strings(w, "answer_classes", d.Answers.Classes);
            }
            Strings(w, "notes", d.Notes);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Everything drawn: the map and every pose.</summary>
    private static (double MinX, double MinY, double MaxX, double MaxY)? Bounds(ViewData d)
    {
        (double MinX, double MinY, double MaxX, double MaxY)? b = d.Map?.Bounds;
        double minX = b?.MinX ?? double.PositiveInfinity, minY = b?.MinY ?? double.PositiveInfinity;
        double maxX = b?.MaxX ?? double.NegativeInfinity, maxY = b?.MaxY ?? double.NegativeInfinity;
        foreach ((double x, double y) in d.Poses.Positions())
        {
            minX = Math.Min(minX, x);
            minY = Math.Min(minY, y);
            maxX = Math.Max(maxX, x);
            maxY = Math.Max(maxY, y);
        }
        return double.IsFinite(minX) ? (minX, minY, maxX, maxY) : null;
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (string s in values)
        {
            w.WriteStringValue(s);
        }
        w.WriteEndArray();
    }

    private static void Elements(Utf8JsonWriter w, string name, IReadOnlyList<JsonElement> values)
    {
        w.WriteStartArray(name);
        foreach (JsonElement e in values)
        {
            e.WriteTo(w);
        }
        w.WriteEndArray();
    }

    private static string Asset(string name)
    {
        using Stream s = Assembly.GetExecutingAssembly().GetManifestResourceStream("Sim.Runtime.View.Assets." + name)
            ?? throw new InvalidOperationException($"view asset {name} is not compiled into the assembly");
        using var r = new StreamReader(s, Encoding.UTF8);
        return r.ReadToEnd();
    }
}
