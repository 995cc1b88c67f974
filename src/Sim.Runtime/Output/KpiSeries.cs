using System.Buffers.Text;
using System.Text;
using Sim.Runtime.View;

namespace Sim.Runtime.Output;

/// <summary>
/// kpi_series.csv read back (docs/kpis.md): the KPI monitor's own per-step measures of the ego, as
/// the doubles it computed (the file round-trips them). NaN where a value was not measured; the
/// lead's name per row (null without one). What the batch report and the view plot, so neither
/// computes a TTC, gap or headway of its own.
/// </summary>
internal sealed class KpiSeries
{
    /// <summary>The numeric columns after time, in file order, with their units.</summary>
    public static readonly IReadOnlyList<(string Name, string Unit)> Columns =
    [
        ("speed", "m/s"), ("acceleration", "m/s^2"), ("lateral_acceleration", "m/s^2"), ("ttc", "s"), ("headway", "s"), ("lead_distance", "m"), ("aeb_stage", ""),
    ];

    private static readonly int[] FieldOf = [1, 2, 3, 4, 5, 6, 8];

    private KpiSeries(double[] time, double[][] values, string?[] lead)
    {
        Time = time;
        Values = values;
        Lead = lead;
    }

    /// <summary>Time of each row (s).</summary>
    public double[] Time { get; }

    /// <summary>Per column of <see cref="Columns"/>, a value per row (NaN: not measured).</summary>
    public double[][] Values { get; }

    /// <summary>The in-path object's name per row, or null.</summary>
    public string?[] Lead { get; }

    /// <summary>The values of column <paramref name="name"/>.</summary>
    public double[] Column(string name)
    {
        for (int i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == name)
            {
                return Values[i];
            }
        }
        throw new ArgumentException($"kpi_series.csv has no column '{name}'", nameof(name));
    }

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">Not a kpi_series.csv, naming the line.</exception>
    /// <exception cref="IOException">It cannot be read.</exception>
    public static KpiSeries Read(string path)
    {
        using var lines = new Utf8Lines(path);
        if (!lines.TryRead(out ReadOnlySpan<byte> header) || Encoding.UTF8.GetString(header) != KpiSeriesCsvWriter.Header)
        {
            throw new InvalidDataException($"{path}:1: not a kpi_series.csv (header '{KpiSeriesCsvWriter.Header}')");
        }
        var times = new List<double>();
        List<double>[] values = Columns.Select(_ => new List<double>()).ToArray();
        var leads = new List<string?>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
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
            double t = Parse(line[f[0]], path, lines.LineNumber);
            times.Add(double.IsFinite(t) ? t : throw new InvalidDataException($"{path}:{lines.LineNumber}: no time"));
            for (int c = 0; c < FieldOf.Length; c++)
            {
                values[c].Add(Parse(line[f[FieldOf[c]]], path, lines.LineNumber));
            }
            ReadOnlySpan<byte> lead = line[f[7]];
            if (lead.IsEmpty)
            {
                leads.Add(null);
            }
            else
            {
                // One string per distinct lead, not per row.
                string name = Encoding.UTF8.GetString(lead);
                leads.Add(names.TryAdd(name, name) ? name : names[name]);
            }
        }
        return new KpiSeries(times.ToArray(), values.Select(v => v.ToArray()).ToArray(), leads.ToArray());
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
}
