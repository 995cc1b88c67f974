using System.CommandLine;
using System.Diagnostics;
using Sim.Runtime;
using Sim.Runtime.View;
using SimCore.Diagnostics;

namespace Sim.Cli.Commands;

/// <summary>`sim view RUN_DIR|result.json|FILE.mcap [--out view.html]`: one offline page that plays the run back (docs/view.md).</summary>
internal static class ViewCommand
{
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
        ViewSummary page;
        try
        {
            page = RunView.Write(input, output, scenario);
        }
        catch (InputException e)
        {
            CommonOptions.Print(e.Errors);
            return ExitCodes.BadInput;
        }
        catch (RunException e)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
        foreach (string w in page.Warnings)
        {
            Console.Error.WriteLine($"warning: {w}");
        }
        if (!quiet)
        {
            Console.WriteLine(FormattableString.Invariant(
                $"wrote {page.Path} ({page.Bytes / 1024.0:F0} KiB): {page.Entities} entities, {page.States} states, {page.Frames} frames, {page.Events} events, in {watch.Elapsed.TotalSeconds:F1} s"));
        }
        return ExitCodes.Pass;
    }

    /// <summary>`sim run --view`, `sim replay --view`: the page of the run just written in <paramref name="outDir"/>; the run's exit code unless the page fails.</summary>
    internal static int WriteAfterRun(string outDir, int runCode, bool quiet)
    {
        int code = Execute(outDir, Path.Combine(outDir, RunView.FileName), null, quiet);
        return code == ExitCodes.Pass ? runCode : code;
    }
}
