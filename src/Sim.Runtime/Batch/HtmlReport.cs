using System.Globalization;
using System.Net;
using System.Text;

using Sim.Runtime.Output;

namespace Sim.Runtime.Batch;

/// <summary>
/// report.html: one self-contained page (inline CSS, SVG and script; nothing fetched) with the
/// counts, every run with failures and errors first, KPI histograms per family, and speed, gap
/// and TTC over time for failing runs. It opens offline, from a CI artefact or a shared volume.
/// </summary>
internal static class HtmlReport
{
    public const string FileName = "report.html";

    /// <summary>Failing runs plotted at most: past that the page gets slow and the table says the rest.</summary>
    private const int MaxTracePlots = 30;

    private const string Style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;background:#fff}
        h1{font-size:22px;margin:0 0 8px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}
        h3{font-size:15px;margin:18px 0 6px}
        table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
        th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
        .pass{color:#17663a}.fail{color:#b3261e;font-weight:600}.error{color:#8a4b00;font-weight:600}
        tr.fail{background:#fdecea}tr.error{background:#fff4e0}
        .counts span{display:inline-block;margin-right:16px;font-size:16px}
        .plots{display:flex;flex-wrap:wrap;gap:10px}
        svg.plot{border:1px solid #e3e3e3;background:#fcfcfc}
        svg .bar{fill:#4a78b5}svg .axis{stroke:#555;fill:none}svg .series{fill:none;stroke-width:1.5}
        svg text{font:11px system-ui,sans-serif;fill:#333}svg .title{font-weight:600}svg .tick{fill:#666}
        #filter{margin:6px 0;padding:3px 6px;width:280px}
        """;

    // Filtering is a convenience; the page is complete without it. The marker at the end proves in a
    // headless browser that the script ran to its last line without throwing.
    private const string Script = """
        (function(){
          var input=document.getElementById('filter');
          var rows=Array.prototype.slice.call(document.querySelectorAll('#runs tbody tr'));
          input.addEventListener('input',function(){
            var q=input.value.toLowerCase();
            rows.forEach(function(r){r.style.display=r.textContent.toLowerCase().indexOf(q)>=0?'':'none';});
          });
          var plots=document.querySelectorAll('svg.plot').length;
          document.getElementById('rendered-info').textContent=rows.length+' runs, '+plots+' plots';
          document.body.dataset.rendered='ok';
        })();
        """;

    public static void Write(string outDir, BatchOutcome b)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sim batch report</title>");
        h.Append("<style>").Append(Style).Append("</style></head><body>\n");
        h.Append("<h1>sim batch report</h1>\n<div class=\"counts\">");
        h.Append(Inv($"<span>{b.Runs.Count} runs</span><span class=\"pass\">{b.Pass} pass</span><span class=\"fail\">{b.Fail} fail</span><span class=\"error\">{b.Error} error</span><span>{b.Resumed} resumed</span><span>{b.WallTime:F1} s</span>"));
        if (b.Shard is not null)
        {
            h.Append("<span>shard ").Append(E(b.Shard)).Append("</span>");
        }
        if (b.MergedFrom.Count > 0)
        {
            h.Append(Inv($"<span>merged from {b.MergedFrom.Count} folders</span>"));
        }
        h.Append("</div><p id=\"rendered-info\"></p>\n");

        h.Append("<h2>Families</h2>\n<table id=\"families\"><thead><tr><th>family</th><th>runs</th><th>pass</th><th>fail</th><th>error</th></tr></thead><tbody>\n");
        foreach (FamilySummary f in b.Families.OrderBy(f => f.Error + f.Fail == 0 ? 1 : 0).ThenBy(f => f.Family, StringComparer.Ordinal))
        {
            h.Append(Inv($"<tr><td>{E(f.Family)}</td><td class=\"num\">{f.Runs.Count}</td><td class=\"num pass\">{f.Pass}</td><td class=\"num fail\">{f.Fail}</td><td class=\"num error\">{f.Error}</td></tr>\n"));
        }
        h.Append("</tbody></table>\n");

        h.Append("<h2>Runs</h2>\n<input id=\"filter\" type=\"search\" placeholder=\"filter runs\">\n");
        h.Append("<table id=\"runs\"><thead><tr><th>status</th><th>run</th><th>why</th><th>wall time (s)</th></tr></thead><tbody>\n");
        foreach (RunRecord r in b.Runs.OrderBy(r => r.Severity).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            string why = r.Status switch
            {
                "error" => E(r.Reason ?? ""),
                "fail" => string.Join("<br>", r.FailedCriteria.Select(c => E(c.Describe()))),
                _ => "",
            };
            string link = Path.GetRelativePath(outDir, Path.Combine(r.Directory, "result.json")).Replace('\\', '/');
            // A run written with --view links its page (docs/view.md); without pages the report is as before.
            string view = Path.Combine(r.Directory, View.ViewPage.FileName);
            string viewLink = File.Exists(view) ? Inv($" · <a class=\"view\" href=\"{E(Path.GetRelativePath(outDir, view).Replace('\\', '/'))}\">view</a>") : "";
            h.Append(Inv($"<tr class=\"run {r.Status}\"><td class=\"{r.Status}\">{r.Status}{(r.Resumed ? " (resumed)" : "")}</td><td><a href=\"{E(link)}\">{E(r.Id)}</a>{viewLink}</td><td>{why}</td><td class=\"num\">{r.WallTime:F2}</td></tr>\n"));
        }
        h.Append("</tbody></table>\n");

        IReadOnlyList<RunRecord> failing = b.Runs.Where(r => r.Status == "fail").ToList();
        if (failing.Count > 0)
        {
            h.Append("<h2>Failing runs over time</h2>\n<p>The ego's speed, and the bumper-to-bumper gap and TTC to its in-path object: the KPI monitor's own per-step measures (kpi_series.csv), so the minima are the runs' min_lead_distance and min_ttc. TTC is drawn up to ")
                .Append(Inv($"{EgoTrace.TtcCap:0} s.</p>\n"));
            foreach (RunRecord r in failing.Take(MaxTracePlots))
            {
                h.Append("<h3>").Append(E(r.Id)).Append("</h3>\n");
                EgoTrace? t;
                try
                {
                    t = EgoTrace.Read(r.Directory);
                }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    h.Append("<p>").Append(E(e.Message)).Append("</p>\n");
                    continue;
                }
                if (t is null)
                {
                    h.Append("<p>no kpi_series.csv (a run without an ego, or by an older sim)</p>\n");
                    continue;
                }
                h.Append("<div class=\"plots\">");
                h.Append(SvgPlot.Lines($"{t.Ego}: speed", "m/s", t.Time, new[] { ("speed", "#1f5fa8", t.Speed) }));
                if (t.MinGap is { } g)
                {
                    h.Append(SvgPlot.Lines(Inv($"{t.Ego}: gap ahead (least {Exact(g.Value)} m at {g.Time:0.###} s)"), "m", t.Time, new[] { ("gap", "#2e7d32", t.Gap) }));
                }
                if (t.MinTtc is { } c)
                {
                    h.Append(SvgPlot.Lines(Inv($"{t.Ego}: TTC (least {Exact(c.Value)} s at {c.Time:0.###} s)"), "s", t.Time, new[] { ("TTC", "#b3261e", t.Ttc) }));
                }
                h.Append("</div>\n");
            }
            if (failing.Count > MaxTracePlots)
            {
                h.Append(Inv($"<p>{failing.Count - MaxTracePlots} more failing runs are not plotted; see their kpi_series.csv.</p>\n"));
            }
        }

        h.Append("<h2>KPI distributions</h2>\n<p>Per family, every KPI that varies across its runs; the table lists all of them.</p>\n");
        foreach (FamilySummary f in b.Families)
        {
            if (f.Kpis.Count == 0)
            {
                continue;
            }
            h.Append("<h3>").Append(E(f.Family)).Append(Inv($" ({f.Runs.Count} runs)</h3>\n"));
            h.Append("<table class=\"kpis\"><thead><tr><th>KPI</th><th>n</th><th>min</th><th>mean</th><th>p50</th><th>p95</th><th>max</th></tr></thead><tbody>\n");
            foreach (KpiDistribution k in f.Kpis)
            {
                h.Append(Inv($"<tr><td>{E(k.Kpi)}</td><td class=\"num\">{k.Count}</td><td class=\"num\">{N(k.Min)}</td><td class=\"num\">{N(k.Mean)}</td><td class=\"num\">{N(k.P50)}</td><td class=\"num\">{N(k.P95)}</td><td class=\"num\">{N(k.Max)}</td></tr>\n"));
            }
            h.Append("</tbody></table>\n");
            List<KpiDistribution> spread = f.Kpis.Where(k => k.Max > k.Min).ToList();
            if (spread.Count > 0)
            {
                h.Append("<div class=\"plots\">");
                foreach (KpiDistribution k in spread)
                {
                    h.Append(SvgPlot.Histogram($"{k.Kpi} (n = {k.Count})", k.Values));
                }
                h.Append("</div>\n");
            }
        }
        h.Append("<script>").Append(Script).Append("</script>\n</body></html>\n");
        AtomicFile.WriteText(Path.Combine(outDir, FileName), h.ToString());
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string N(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>A KPI as result.json writes it (6 decimals), so the two read the same.</summary>
    private static string Exact(double v) => Math.Round(v, 6).ToString("R", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
