using System.CommandLine;
using Sim.Runtime.Batch;
using Sim.Runtime;
using SimCore.Diagnostics;

namespace Sim.Cli.Commands;

/// <summary>`sim report merge DIR... --out DIR`: one summary.json, junit.xml and report.html from the outputs of batch shards.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var dirs = new Argument<string[]>("dirs") { Description = "Output folders of `sim batch` (shards)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Folder for the merged summary.json, junit.xml and report.html", Required = true };
        var merge = new Command("merge", "Merge the summary.json of batch shards into one summary.json, junit.xml and report.html (run folders stay where they are). Exit as the merged batch: 0 all pass, 1 a criterion failed, 2 any error or bad input.");
        merge.Arguments.Add(dirs);
        merge.Options.Add(output);
        merge.SetAction(r => Merge(r.GetValue(dirs)!, r.GetValue(output)!));
        var cmd = new Command("report", "Reports over batch outputs");
        cmd.Subcommands.Add(merge);
        return cmd;
    }

    internal static int Merge(IReadOnlyList<string> dirs, string outDir)
    {
        BatchOutcome outcome;
        try
        {
            outcome = BatchSession.Merge(dirs, outDir);
        }
        catch (InputException e)
        {
            CommonOptions.Print(e.Errors);
            return ExitCodes.BadInput;
        }
        catch (RunException e)
        {
            return ExitCodes.Report(e);
        }
        Console.WriteLine(outcome.Line(outDir).Replace("batch:", $"merged {dirs.Count} folders:", StringComparison.Ordinal));
        return ExitCodes.Of(outcome.Verdict);
    }
}
