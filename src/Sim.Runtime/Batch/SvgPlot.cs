using System.Globalization;
using System.Net;
using System.Text;

namespace Sim.Runtime.Batch;

/// <summary>
/// Small inline SVG charts for report.html. Drawn here rather than by a chart library so the page
/// needs no network and no script to show them (a CI artefact viewer may block both).
/// </summary>
internal static class SvgPlot
{
    private const int Width = 420;
    private const int Height = 190;
    private const int Left = 52;
    private const int Right = 12;
    private const int Top = 24;
    private const int Bottom = 34;

    /// <summary>A histogram of <paramref name="values"/> in <paramref name="bins"/> equal bins between their min and max.</summary>
    public static string Histogram(string title, IReadOnlyList<double> values, int bins = 10)
    {
        double min = values.Min(), max = values.Max();
        double width = max > min ? (max - min) / bins : 1;
        var counts = new int[bins];
        foreach (double v in values)
        {
            counts[Math.Clamp((int)((v - min) / width), 0, bins - 1)]++;
        }
        int top = Math.Max(1, counts.Max());
        var sb = Start(title, "histogram");
        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        for (int i = 0; i < bins; i++)
        {
            double h = plotH * counts[i] / top;
            double x = Left + plotW * i / bins;
            sb.Append(Inv($"<rect class=\"bar\" x=\"{x:0.#}\" y=\"{Top + plotH - h:0.#}\" width=\"{plotW / bins - 1:0.#}\" height=\"{h:0.#}\"><title>{min + i * width:0.###} .. {min + (i + 1) * width:0.###}: {counts[i]}</title></rect>"));
        }
        Axes(sb, N(min), N(max), "0", top.ToString(CultureInfo.InvariantCulture), "value", "runs");
        return sb.Append("</svg>").ToString();
    }

    /// <summary>One or more series over time; null values break the line (a TTC that is not defined).</summary>
    public static string Lines(string title, string yLabel, IReadOnlyList<double> x, IReadOnlyList<(string Name, string Colour, IReadOnlyList<double?> Y)> series)
    {
        var sb = Start(title, "lines");
        double xMin = x.Count > 0 ? x[0] : 0, xMax = x.Count > 0 ? x[^1] : 1;
        IEnumerable<double> all = series.SelectMany(s => s.Y).Where(v => v is double d && double.IsFinite(d)).Select(v => v!.Value);
        double yMin = Math.Min(0, all.DefaultIfEmpty(0).Min()), yMax = all.DefaultIfEmpty(1).Max();
        if (yMax <= yMin)
        {
            yMax = yMin + 1;
        }
        if (xMax <= xMin)
        {
            xMax = xMin + 1;
        }
        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        int legend = 0;
        foreach ((string name, string colour, IReadOnlyList<double?> y) in series)
        {
            var path = new StringBuilder();
            bool pen = false;
            for (int i = 0; i < x.Count && i < y.Count; i++)
            {
                if (y[i] is not double v || !double.IsFinite(v))
                {
                    pen = false;
                    continue;
                }
                double px = Left + plotW * (x[i] - xMin) / (xMax - xMin);
                double py = Top + plotH * (1 - (v - yMin) / (yMax - yMin));
                path.Append(Inv($"{(pen ? 'L' : 'M')}{px:0.#} {py:0.#} "));
                pen = true;
            }
            sb.Append(Inv($"<path class=\"series\" d=\"{path.ToString().TrimEnd()}\" stroke=\"{colour}\"/>"));
            sb.Append(Inv($"<text class=\"legend\" x=\"{Width - Right - 4}\" y=\"{Top + 12 + 12 * legend++}\" fill=\"{colour}\" text-anchor=\"end\">{WebUtility.HtmlEncode(name)}</text>"));
        }
        Axes(sb, N(xMin), N(xMax), N(yMin), N(yMax), "time (s)", yLabel);
        return sb.Append("</svg>").ToString();
    }

    private static StringBuilder Start(string title, string kind)
    {
        var sb = new StringBuilder();
        sb.Append(Inv($"<svg class=\"plot {kind}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\">"));
        sb.Append(Inv($"<title>{WebUtility.HtmlEncode(title)}</title><text class=\"title\" x=\"{Left}\" y=\"15\">{WebUtility.HtmlEncode(title)}</text>"));
        return sb;
    }

    private static void Axes(StringBuilder sb, string xMin, string xMax, string yMin, string yMax, string xLabel, string yLabel)
    {
        int bottom = Height - Bottom, right = Width - Right;
        sb.Append(Inv($"<path class=\"axis\" d=\"M{Left} {Top} L{Left} {bottom} L{right} {bottom}\"/>"));
        sb.Append(Inv($"<text class=\"tick\" x=\"{Left}\" y=\"{bottom + 13}\">{xMin}</text>"));
        sb.Append(Inv($"<text class=\"tick\" x=\"{right}\" y=\"{bottom + 13}\" text-anchor=\"end\">{xMax}</text>"));
        sb.Append(Inv($"<text class=\"tick\" x=\"{Left - 4}\" y=\"{bottom}\" text-anchor=\"end\">{yMin}</text>"));
        sb.Append(Inv($"<text class=\"tick\" x=\"{Left - 4}\" y=\"{Top + 8}\" text-anchor=\"end\">{yMax}</text>"));
        sb.Append(Inv($"<text class=\"label\" x=\"{(Left + right) / 2}\" y=\"{Height - 4}\" text-anchor=\"middle\">{WebUtility.HtmlEncode(xLabel)}</text>"));
        sb.Append(Inv($"<text class=\"label\" x=\"12\" y=\"{(Top + bottom) / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 12 {(Top + bottom) / 2})\">{WebUtility.HtmlEncode(yLabel)}</text>"));
    }

    private static string N(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
