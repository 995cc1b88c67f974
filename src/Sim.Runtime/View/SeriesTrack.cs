using System.Buffers.Binary;
using System.Text.Json;
using Sim.Runtime.Output;

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

    /// <summary>The plots' copy of kpi_series.csv (docs/kpis.md): float32 is finer than a pixel.</summary>
    public static SeriesTrack FromKpiSeries(KpiSeries k)
    {
        var columns = new SeriesColumn[KpiSeries.Columns.Count];
        for (int c = 0; c < columns.Length; c++)
        {
            columns[c] = new SeriesColumn(KpiSeries.Columns[c].Name, KpiSeries.Columns[c].Unit, Array.ConvertAll(k.Values[c], v => (float)v));
        }
        var names = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        int[] lead = Array.ConvertAll(k.Lead, name =>
        {
            if (name is null)
            {
                return -1;
            }
            if (!index.TryGetValue(name, out int i))
            {
                index[name] = i = names.Count;
                names.Add(name);
            }
            return i;
        });
        return new SeriesTrack(k.Time, columns, "lead", lead, names);
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
