using System.Globalization;
using System.Text;
using SimCore.Kpis;
using SimCore.Simulation;

namespace Sim.Runtime.Output;

/// <summary>
/// Writes kpi_series.csv: the ego's measures at every state trajectories.csv has (docs/kpis.md):
/// time,speed,acceleration,lateral_acceleration,ttc,headway,lead_distance,lead,aeb_stage. A value
/// not measured at that state (no lead, not closing, the initial state) is empty. The running KPIs
/// of result.json are exactly the extremes of these columns.
/// </summary>
internal sealed class KpiSeriesCsvWriter : IDisposable
{
    public const string FileName = "kpi_series.csv";
    public const string Header = "time,speed,acceleration,lateral_acceleration,ttc,headway,lead_distance,lead,aeb_stage";

    private readonly StreamWriter _writer;
    private readonly StringBuilder _line = new(128);
    private readonly char[] _time = new char[FixedDecimal.MaxChars];

    public KpiSeriesCsvWriter(string path)
    {
        _writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        _writer.WriteLine(Header);
    }

    public void Write(Simulator sim)
    {
        if (sim.EgoMeasures is not { } m)
        {
            return;
        }
        _line.Clear();
        _line.Append(_time, 0, FixedDecimal.FormatF6(sim.Time.Seconds, _time)).Append(',');
        Number(m.Speed).Append(',');
        Number(m.Acceleration).Append(',');
        Number(m.LateralAcceleration).Append(',');
        Number(m.Ttc).Append(',');
        Number(m.Headway).Append(',');
        Number(m.LeadDistance).Append(',');
        _line.Append(m.Lead).Append(',');
        if (m.AebStage is { } aeb)
        {
            _line.Append(aeb);
        }
        _writer.WriteLine(_line);
    }

    // Round-trip ("R"): a reader gets the very double the monitor computed, so the extremes of a
    // column equal result.json's KPIs exactly. Time as trajectories.csv writes it, to join on.
    private StringBuilder Number(double? v)
        => v is { } d && double.IsFinite(d) ? _line.Append(CultureInfo.InvariantCulture, $"{d:R}") : _line;

    public void Dispose() => _writer.Dispose();
}
