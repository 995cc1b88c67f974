using System.CommandLine;
using System.Globalization;
using Sim.Cli.Output;
using Sim.Runtime;
using Sim.Runtime.Batch;
using Sim.Runtime.Datagen;
using SimCore.Diagnostics;

namespace Sim.Cli.Commands;

/// <summary>`sim generate SPEC --out DIR`: a labelled synthetic dataset in the KITTI layout (docs/datagen.md).</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var spec = new Argument<string>("spec") { Description = "Generation spec (YAML): scenarios, variants, actor and environment randomisation, frames, interval, rig (docs/datagen.md)" };
        var output = new Option<string>("--out") { Description = "Output folder: velodyne/, label_2/, calib/, image_2/, lidar/, radar/, ego/, manifest.json", DefaultValueFactory = _ => "datagen-out" };
        var shard = new Option<string?>("--shard") { Description = "Make slice I/N of the variants (I from 0); default from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID. Frame ids do not depend on it" };
        var shards = new Option<int?>("--shards") { Description = "Number of shards when the index comes from JOB_COMPLETION_INDEX" };
        var resume = new Option<bool>("--resume") { Description = "Skip variants whose frames are all complete" };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the final summary line" };
        var cmd = new Command("generate", "Generate a labelled dataset (KITTI object-detection layout) from randomised scenario variants. Exit 0 all frames written, 2 bad input or any variant failed.");
        cmd.Arguments.Add(spec);
        foreach (Option o in new Option[] { output, shard, shards, resume, quiet })
        {
            cmd.Options.Add(o);
        }
        cmd.SetAction(r =>
        {
            ShardSpec? slice;
            try
            {
                slice = ShardSpec.Resolve(r.GetValue(shard), r.GetValue(shards), Environment.GetEnvironmentVariable);
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            return Execute(r.GetValue(spec)!, r.GetValue(output)!, slice, r.GetValue(resume), r.GetValue(quiet));
        });
        return cmd;
    }

    internal static int Execute(string specPath, string outDir, ShardSpec? shard, bool resume, bool quiet)
    {
        DatasetGenerator generator;
        try
        {
            generator = DatasetGenerator.Open(specPath, shard);
        }
        catch (InputException e)
        {
            CommonOptions.Print(e.Errors);
            return ExitCodes.BadInput;
        }
        DatasetOutcome outcome;
        var progress = new BatchProgress(generator.Variants, quiet, Console.Error, terminal: !Console.IsErrorRedirected);
        try
        {
            outcome = generator.Run(outDir, resume, quiet ? null : Console.Error, progress.Finished);
        }
        catch (RunException e)
        {
            return ExitCodes.Report(e);
        }
        progress.Complete();
        double wall = outcome.WallSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generate: {outcome.Frames} frames ({outcome.Written} written, {outcome.Resumed} resumed) from {generator.Variants} variants, {outcome.Failed.Count} failed, in {wall:F1} s ({(wall > 0 ? outcome.Written / wall : 0):F2} frames/s); manifest in {outcome.ManifestPath}"));
        foreach ((string variant, string reason) in outcome.Failed)
        {
            Console.Error.WriteLine($"{variant}: error: {reason}");
        }
        return ExitCodes.Of(outcome.Verdict);
    }
}
