using System.Globalization;
using Sim.Runtime.Output;
using SensorModels.Runtime;
using SimCore.Kpis;
using SimCore.Simulation;
using Spectre.Console;

namespace Sim.Cli.Output;

/// <summary>The short human summary after a run: verdict, KPIs, criteria.</summary>
internal static class ConsoleSummary
{
    public static void Print(RunResult r, double wall, string outDir, IReadOnlyList<SensorSummary>? sensors = null, string? recordDir = null)
    {
        string verdict = r.Status == RunStatus.Pass ? "[green]PASS[/]" : "[red]FAIL[/]";
        AnsiConsole.MarkupLine($"{verdict} [bold]{Markup.Escape(r.Scenario)}[/]  ended by {Markup.Escape(r.EndReason.Name())} at {F(r.SimTime)} s, {r.Steps} steps of {F(r.Step)} s, {F(wall)} s wall, state {r.StateHash}");
        var kpis = new Table().Border(TableBorder.Simple).AddColumn("KPI").AddColumn(new TableColumn("value").RightAligned()).AddColumn("unit");
        foreach (KpiValue k in r.Kpis)
        {
            kpis.AddRow(k.Name, k.Value is { } v ? F(v) : k.NotApplicable is { } why ? $"n/a ({Markup.Escape(why)})" : "-", k.Unit);
        }
        AnsiConsole.Write(kpis);
        if (r.Criteria.Count > 0)
        {
            var crit = new Table().Border(TableBorder.Simple).AddColumn("criterion").AddColumn(new TableColumn("value").RightAligned()).AddColumn("verdict");
            foreach (CriterionResult c in r.Criteria)
            {
                string name = c.Source == "scenario" ? c.Name : $"{c.Name} ({c.Source})";
                string outcome = c.NotApplicable is { } why ? $"[green]pass[/] (n/a: {Markup.Escape(why)})"
                    : c.Passed ? "[green]pass[/]" : $"[red]fail[/]{(c.FailedAt is { } t ? $" at {F(t)} s" : string.Empty)}";
                crit.AddRow(Markup.Escape(name), c.Value is { } v ? F(v) : "-", outcome);
            }
            AnsiConsole.Write(crit);
        }
        if (sensors is not null)
        {
            var table = new Table().Border(TableBorder.Simple).AddColumn("sensor").AddColumn("type")
                .AddColumn(new TableColumn("outputs").RightAligned()).AddColumn(new TableColumn("bytes").RightAligned());
            foreach (SensorSummary s in sensors)
            {
                table.AddRow(Markup.Escape(s.Name), Markup.Escape(s.Type), s.Outputs.ToString(CultureInfo.InvariantCulture), s.Bytes.ToString(CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            if (recordDir is not null)
            {
                AnsiConsole.MarkupLine($"recorded sensors in {Markup.Escape(recordDir)}");
            }
        }
        AnsiConsole.MarkupLine($"wrote {Markup.Escape(Path.Combine(outDir, "result.json"))} and {Markup.Escape(Path.Combine(outDir, "trajectories.csv"))}");
    }

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
