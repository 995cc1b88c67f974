using System.CommandLine;
using Sim.Runtime;
using Sim.Runtime.Mining;
using SimCore.Diagnostics;

namespace Sim.Cli.Commands;

/// <summary>
/// `sim mine DATASET (--model SPEC | --ensemble SPEC1,SPEC2,...) --top K --out FILE`: ranks the
/// frames of a `sim generate` dataset by model uncertainty or ensemble disagreement and writes the
/// top K as a selection with lineage (docs/perception-models.md, "Mining"). The work is <see cref="DatasetMiner"/>'s.
/// </summary>
internal static class MineCommand
{
    public static Command Create()
    {
        var dataset = new Argument<string>("dataset") { Description = "A dataset written by `sim generate` (its lidar/ or image_2/, and manifest*.json)" };
        var model = new Option<string?>("--model") { Description = "One model spec (YAML next to the .onnx): rank by its detections' entropy or margin" };
        var ensemble = new Option<string?>("--ensemble") { Description = "Two or more model specs, comma-separated (the same detector trained with different seeds): rank by their disagreement (mutual information)" };
        var top = new Option<int>("--top") { Description = "How many frames to select", DefaultValueFactory = _ => 100 };
        var output = new Option<string>("--out") { Description = "The selection: FILE.json (ranked frames with lineage) and FILE.txt (their ids, one a line)", Required = true };
        var by = new Option<string?>("--by") { Description = "One model: entropy (default; binary entropy of each detection's score) or margin (1 - |2 score - 1|), summed over the frame's detections. Ensemble: mi-max (default) or mi-mean, the mutual information per heatmap cell, the frame's maximum or mean" };
        var cls = new Option<string?>("--class") { Description = "Only this model class counts (e.g. pedestrian): its detections, or for an ensemble the class-versus-rest distribution" };
        var condition = new Option<string?>("--condition") { Description = "Only frames of this light condition, by the renderer's sun at the drawn time of day: night (below -6 degrees), dusk or day (at or above 10 degrees)" };
        var dedup = new Option<double?>("--dedup") { Description = "Near-duplicates: skip a frame when a higher-ranked frame of the same scenario variant is at most this many seconds away (default: the dataset's frame interval, i.e. consecutive frames; 0: keep all)" };
        var cmd = new Command("mine", "Rank a dataset's frames by model uncertainty or ensemble disagreement and select the top K for labelling (active learning). Exit 0, or 2 on bad input.");
        cmd.Arguments.Add(dataset);
        foreach (Option o in new Option[] { model, ensemble, top, output, by, cls, condition, dedup })
        {
            cmd.Options.Add(o);
        }
        cmd.SetAction(r => Execute(r.GetValue(dataset)!, r.GetValue(model), r.GetValue(ensemble), r.GetValue(top), r.GetValue(output)!, r.GetValue(by), r.GetValue(cls), r.GetValue(condition), r.GetValue(dedup)));
        return cmd;
    }

    internal static int Execute(string dataset, string? model, string? ensemble, int top, string output, string? by, string? cls, string? condition, double? dedup)
    {
        try
        {
            if ((model is null) == (ensemble is null))
            {
                throw new InputException(new SourceLocation("--model", 0, 0), "give one model (--model SPEC) or an ensemble (--ensemble SPEC1,SPEC2,...), not both or neither");
            }
            IReadOnlyList<string> specs = model is not null ? [model] : ensemble!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            bool isEnsemble = ensemble is not null;
            var request = new MineRequest(dataset, specs, isEnsemble, top, MineRequest.Stem(output), by ?? (isEnsemble ? "mi-max" : "entropy"), cls, condition, dedup);
            MineSummary m = DatasetMiner.Run(request);
            string how = request.By + (cls is null ? "" : $" of {cls}") + (condition is null ? "" : $" at {condition}") + (isEnsemble ? $" over {specs.Count} models" : "");
            Console.WriteLine(FormattableString.Invariant(
                $"mine: {m.Selected} of {m.Considered} frames selected by {how}, {m.NearDuplicatesSkipped} near-duplicates skipped (window {m.DedupSeconds} s); wrote {request.Output}.json and {request.Output}.txt"));
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
