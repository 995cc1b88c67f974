using SimCore.Diagnostics;

namespace Sim.Runtime.View;

/// <summary>What <see cref="RunView.Write"/> wrote.</summary>
/// <param name="Path">The page.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Entities">Entities drawn.</param>
/// <param name="States">States of the run (the slider's positions).</param>
/// <param name="Frames">Pose frames kept (fewer than the states when a large run is decimated).</param>
/// <param name="Events">Events on the time line.</param>
/// <param name="Warnings">What could not be drawn and why (no roads, no KPI series...).</param>
public sealed record ViewSummary(string Path, long Bytes, int Entities, long States, int Frames, int Events, IReadOnlyList<string> Warnings);

/// <summary>
/// `sim view`: one self-contained offline HTML page that plays a run back top-down, with its roads,
/// boxes, sensor footprints, KPI plots and events (docs/view.md).
/// </summary>
/// <example>
/// <code>
/// using (RunSession run = RunSession.Open(new RunRequest("scenarios/highway_cut_in.yaml", "out"))) { run.Run(); }
/// ViewSummary page = RunView.Write("out");   // out/view.html
/// </code>
/// </example>
public static class RunView
{
    /// <summary>The page's name in a run or replay directory.</summary>
    public const string FileName = ViewPage.FileName;

    /// <summary>Writes the page of <paramref name="input"/>.</summary>
    /// <param name="input">A run directory (sim run --out DIR, a batch run's folder), its result.json, a replay's directory, or a recording (.mcap).</param>
    /// <param name="output">The page to write, or null for view.html in the run directory (FILE.view.html beside a recording).</param>
    /// <param name="scenario">A scenario file to draw the roads from instead of the one the run names, or null.</param>
    /// <exception cref="InputException">The input is missing or not a run's output (located).</exception>
    /// <exception cref="RunException">The page cannot be written.</exception>
    public static ViewSummary Write(string input, string? output = null, string? scenario = null)
    {
        var warnings = new List<string>();
        ViewData data = ViewSources.Read(input, scenario, warnings);
        data.Notes.InsertRange(0, warnings);
        string page = output ?? DefaultPath(input);
        try
        {
            ViewPage.Write(page, data);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunException(page, $"cannot write the page: {e.Message}", e);
        }
        return new ViewSummary(page, new FileInfo(page).Length, data.Entities.Count, data.LastState + 1, data.Poses.Frames, data.Events.Count, warnings);
    }

    private static string DefaultPath(string input)
    {
        if (Directory.Exists(input))
        {
            return System.IO.Path.Combine(input, FileName);
        }
        if (System.IO.Path.GetFileName(input) == "result.json")
        {
            return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(input))!, FileName);
        }
        string name = System.IO.Path.GetFileName(input);
        int dot = name.IndexOf(".mcap", StringComparison.OrdinalIgnoreCase);
        return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(input))!, (dot > 0 ? name[..dot] : name) + ".view.html");
    }
}
