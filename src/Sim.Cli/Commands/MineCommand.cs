using System.CommandLine;
using Sim.Runtime;
using Sim.Runtime.Sil;
using SimCore.Diagnostics;

namespace Sim.Cli.Commands;

/// <summary>
/// `sim mine DATASET --model SPEC --top K --out FILE`: ranks the frames of a `sim generate` dataset
/// by the model's uncertainty and writes the top K as a selection with lineage (docs/perception-models.md, "Mining").
/// </summary>
internal static class MineCommand
{
    public static Command Create()
    {
        var dataset = new Argument<string>("dataset") { Description = "A dataset written by `sim generate` (its lidar/ and manifest*.json)" };
        var model = new Option<string>("--model") { Description = "The model spec (YAML next to the .onnx)", Required = true };
        var top = new Option<int>("--top") { Description = "How many frames to select", DefaultValueFactory = _ => 100 };
        var output = new Option<string>("--out") { Description = "The selection: FILE.json (ranked frames with lineage) and FILE.txt (their ids, one a line)", Required = true };
        var by = new Option<string>("--by") { Description = "entropy (binary entropy of each detection's class score) or margin (1 - |2 score - 1|), summed over the frame's detections", DefaultValueFactory = _ => "entropy" };
        var cls = new Option<string?>("--class") { Description = "Only detections of this model class count (e.g. pedestrian)" };
        var condition = new Option<string?>("--condition") { Description = "Only frames of this condition: night (time of day before 6 h or from 20 h) or day" };
        var cmd = new Command("mine", "Rank a dataset's frames by model uncertainty and select the top K for labelling (active learning). Exit 0, or 2 on bad input.");
        cmd.Arguments.Add(dataset);
        foreach (Option o in new Option[] { model, top, output, by, cls, condition })
        {
            cmd.Options.Add(o);
        }
        cmd.SetAction(r => Execute(r.GetValue(dataset)!, r.GetValue(model)!, r.GetValue(top), r.GetValue(output)!, r.GetValue(by)!, r.GetValue(cls), r.GetValue(condition)));
        return cmd;
    }

    internal static int Execute(string dataset, string spec, int top, string output, string by, string? cls, string? condition)
    {
        try
        {
            (int selected, int considered) = Mining.Mine(dataset, spec, top, output, by, cls, condition);
            Console.WriteLine(FormattableString.Invariant($"mine: {selected} of {considered} frames selected by {by}{(cls is null ? "" : $" of {cls}")}{(condition is null ? "" : $" at {condition}")}; wrote {Mining.Stem(output)}.json and {Mining.Stem(output)}.txt"));
            return ExitCodes.Pass;
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
    }
}
