using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Sim.Runtime.View;

/// <summary>One column of a <see cref="SeriesTrack"/>: name, unit, and a value per row (NaN: not measured).</summary>
internal sealed record SeriesColumn(string Name, string Unit, float[] Values);

/// <summary>
/// Values over time for the page's plots: a time per row and named columns (float32, NaN where
/// unmeasured), plus an optional text column stored as indices into a table (the lead's name).
/// </summary>
internal sealed class SeriesTrack
{
    public SeriesTrack(double[] times, IReadOnlyList<SeriesColumn> columns, string? textName = null, int[]? text = null, IReadOnlyList<string>? textValues = null)
    {
        Times = times;
        Columns = columns;
        TextName = textName;
        Text = text;
        TextValues = textValues ?? [];
    }

    public double[] Times { get; }

    public IReadOnlyList<SeriesColumn> Columns { get; }

    /// <summary>Name of the text column, or null.</summary>
    public string? TextName { get; }

    /// <summary>Per row: index into <see cref="TextValues"/>, or -1.</summary>
    public int[]? Text { get; }

    public IReadOnlyList<string> TextValues { get; }

    /// <summary>Reads kpi_series.csv (docs/kpis.md).</summary>
    /// <exception cref="InvalidDataException">Not a kpi_series.csv, with the line.</exception>
    public static SeriesTrack ReadKpiCsv(string path)
    {
        string[] numeric = ["speed", "acceleration", "lateral_acceleration", "ttc", "headway", "lead_distance", "aeb_stage"];
        string[] units = ["m/s", "m/s^2", "m/s^2", "s", "s", "m", ""];
        using var lines = new Utf8Lines(path);
        if (!lines.TryRead(out ReadOnlySpan<byte> header) || Encoding.UTF8.GetString(header) != Output.KpiSeriesCsvWriter.Header)
        {
            throw new InvalidDataException($"{path}:1: not a kpi_series.csv (header '{Output.KpiSeriesCsvWriter.Header}')");
        }
        var times = new List<double>();
        var values = numeric.Select(_ => new List<float>()).ToArray();
        var leads = new List<int>();
        var leadNames = new List<string>();
        var leadIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        Span<Range> f = stackalloc Range[10];
        while (lines.TryRead(out ReadOnlySpan<byte> line))
        {
            if (line.IsEmpty)
            {
                continue;
            }
            if (Utf8Lines.Split(line, f) != 9)
            {
                throw new InvalidDataException($"{path}:{lines.LineNumber}: expected 9 fields");
            }
            times.Add(Parse(line[f[0]], path, lines.LineNumber) is { } t && double.IsFinite(t) ? t : throw new InvalidDataException($"{path}:{lines.LineNumber}: no time"));
            int[] columns = [1, 2, 3, 4, 5, 6, 8];
            for (int c = 0; c < columns.Length; c++)
            {
                values[c].Add((float)Parse(line[f[columns[c]]], path, lines.LineNumber));
            }
            ReadOnlySpan<byte> lead = line[f[7]];
            if (lead.IsEmpty)
            {
                leads.Add(-1);
            }
            else
            {
                string name = Encoding.UTF8.GetString(lead);
                if (!leadIndex.TryGetValue(name, out int k))
                {
                    leadIndex[name] = k = leadNames.Count;
                    leadNames.Add(name);
                }
                leads.Add(k);
            }
        }
        return new SeriesTrack(times.ToArray(), numeric.Select((n, i) => new SeriesColumn(n, units[i], values[i].ToArray())).ToArray(), "lead", leads.ToArray(), leadNames);
    }

    private static double Parse(ReadOnlySpan<byte> text, string path, long line)
    {
        if (text.IsEmpty)
        {
            return double.NaN;
        }
        return Utf8Parser.TryParse(text, out double v, out int n) && n == text.Length ? v
            : throw new InvalidDataException($"{path}:{line}: '{Encoding.UTF8.GetString(text)}' is not a number");
    }

    /// <summary>Names, units and the text table, for the page's JSON.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteStartArray("columns");
        foreach (SeriesColumn c in Columns)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteString("unit", c.Unit);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("text_name", TextName);
        w.WriteStartArray("text_values");
        foreach (string s in TextValues)
        {
            w.WriteStringValue(s);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// The binary the page decodes (little-endian): "SIMS", rows and columns (uint32), the times
    /// (float64), each column (float32), then the text column (int32, -1 for none) when there is one.
    /// </summary>
    public void Write(Stream s)
    {
        int n = Times.Length;
        var head = new byte[12];
        "SIMS"u8.CopyTo(head);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(4), (uint)n);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(8), (uint)Columns.Count);
        s.Write(head);
        var buffer = new byte[8 * Math.Max(n, 1)];
        for (int i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(8 * i), Times[i]);
        }
        s.Write(buffer, 0, 8 * n);
        foreach (SeriesColumn c in Columns)
        {
            for (int i = 0; i < n; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(4 * i), c.Values[i]);
            }
            s.Write(buffer, 0, 4 * n);
        }
        if (Text is not null)
        {
            for (int i = 0; i < n; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(4 * i), Text[i]);
            }
            s.Write(buffer, 0, 4 * n);
        }
    }
}
