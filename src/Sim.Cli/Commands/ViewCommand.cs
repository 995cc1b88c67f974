using System.CommandLine;
using System.Diagnostics;
using Sim.Cli.View;
using SimCore.Diagnostics;

namespace Sim.Cli.Commands;

/// <summary>`sim view RUN_DIR|result.json|FILE.mcap [--out view.html]`: one offline page that plays the run back (docs/view.md).</summary>
internal static class ViewCommand
{
    public const string FileName = ViewPage.FileName;

    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "A run directory (sim run --out DIR, or a batch run's folder), its result.json, a replay's directory (sim replay --out DIR), or a recording (.mcap)" };
        var output = new Option<string?>("--out") { Description = "The page to write (default: view.html in the run directory, or FILE.view.html beside a recording)" };
        var scenario = new Option<string?>("--scenario") { Description = "Scenario file to draw the roads from, when the one the run names is not here" };
        var quiet = new Option<bool>("--quiet") { Description = "No summary line" };
        var cmd = new Command("view", "Write one self-contained HTML page (no network) that plays a run back top-down: roads, lanes, markings, junctions, signals and lamps, every entity's box, the ego's sensor footprints and trajectories, with play/pause, a time slider at the run's step, zoom, pan and follow-ego; KPI plots (speed, acceleration, TTC, headway, lead distance) and the event log on a time line. Exit 0 written, 2 bad input.");
        cmd.Arguments.Add(input);
        cmd.Options.Add(output);
        cmd.Options.Add(scenario);
        cmd.Options.Add(quiet);
        cmd.SetAction(r => Execute(r.GetValue(input)!, r.GetValue(output), r.GetValue(scenario), r.GetValue(quiet)));
        return cmd;
    }

    internal static int Execute(string input, string? output, string? scenario, bool quiet)
    {
        var watch = Stopwatch.StartNew();
        var warnings = new List<string>();
        ViewData data;
        try
        {
            data = ViewSources.Read(input, scenario, warnings);
        }
        catch (InputException e)
        {
            CommonOptions.Print(e.Errors);
            return ExitCodes.BadInput;
        }
        data.Notes.InsertRange(0, warnings);
        string page = output ?? DefaultPath(input);
        try
        {
            ViewPage.Write(page, data);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{page}: error: cannot write the page: {e.Message}");
            return ExitCodes.BadInput;
        }
        foreach (string w in warnings)
        {
            Console.Error.WriteLine($"warning: {w}");
        }
        if (!quiet)
        {
            Console.WriteLine(FormattableString.Invariant(
                $"wrote {page} ({new FileInfo(page).Length / 1024.0:F0} KiB): {data.Entities.Count} entities, {data.LastState + 1} states, {data.Poses.Frames} frames, {data.Events.Count} events, in {watch.Elapsed.TotalSeconds:F1} s"));
        }
        return ExitCodes.Pass;
    }

    /// <summary>`sim run --view`: the page of the run just written in <paramref name="outDir"/>; the run's exit code unless the page fails.</summary>
    internal static int WriteAfterRun(string outDir, int runCode, bool quiet)
    {
        int code = Execute(outDir, Path.Combine(outDir, FileName), null, quiet);
        return code == ExitCodes.Pass ? runCode : code;
    }

    private static string DefaultPath(string input)
    {
        if (Directory.Exists(input))
        {
            return Path.Combine(input, FileName);
        }
        if (Path.GetFileName(input) == "result.json")
        {
            return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(input))!, FileName);
        }
        string name = Path.GetFileName(input);
        int dot = name.IndexOf(".mcap", StringComparison.OrdinalIgnoreCase);
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(input))!, (dot > 0 ? name[..dot] : name) + ".view.html");
    }
}
