using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Sim.Cli.Output;
using Sim.Runtime.Batch;
using Sim.Runtime.Datagen;
using SimCore.Diagnostics;
using SimCore.Scenarios;
using SimCore.Simulation;

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
        GenerationSpec spec;
        DatagenRig rig;
        var scenarios = new List<(Scenario Scenario, string Text, string Sha)>();
        try
        {
            spec = GenerationSpec.Load(specPath);
            rig = DatagenRig.Load(spec);
            var errors = new List<InputError>();
            foreach (string path in spec.Scenarios)
            {
                Scenario s = ScenarioFiles.Load(path);
                var sim = new Simulator(s);
                if (sim.EgoIndex < 0)
                {
                    errors.Add(new InputError(new SourceLocation(path, 1, 1), "a dataset scenario needs an ego (an entity with a 'driver'): it carries the rig"));
                }
                rig.CheckSchedule(spec, sim.Step.Nanoseconds, s.Duration, Path.GetFileName(path), errors);
                byte[] bytes = File.ReadAllBytes(path);
                scenarios.Add((s, System.Text.Encoding.UTF8.GetString(bytes), Sha256(bytes)));
            }
            if (errors.Count > 0)
            {
                throw new InputException(errors.DistinctBy(e => e.ToString()).ToList());
            }
        }
        catch (InputException e)
        {
            CommonOptions.Print(e.Errors);
            return ExitCodes.BadInput;
        }
        IReadOnlyList<DatagenJob> all = DatagenJob.All(spec);
        IReadOnlyList<DatagenJob> jobs = shard is null ? all : shard.Select(all);
        string outFull;
        try
        {
            outFull = Path.GetFullPath(outDir);
            Directory.CreateDirectory(outFull);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{outDir}: error: cannot use it as the output folder: {e.Message}");
            return ExitCodes.BadInput;
        }
        if (!quiet)
        {
            Console.Error.WriteLine($"generate: {jobs.Count} variants x {spec.Frames} frames{(shard is null ? "" : $" (shard {shard} from {shard.Source}, of {all.Count} variants)")}, into {outDir}");
        }
        var watch = Stopwatch.StartNew();
        var progress = new BatchProgress(jobs.Count, quiet, Console.Error, terminal: !Console.IsErrorRedirected);
        var writer = new KittiFrameWriter(outFull, rig, rig.Calibration());
        var frames = new List<FrameLineage>();
        var failed = new List<(string, string)>();
        int written = 0, resumed = 0;
        foreach (DatagenJob job in jobs)
        {
            var jobWatch = Stopwatch.StartNew();
            (Scenario baseScenario, string text, string sha) = scenarios[job.ScenarioIndex];
            string key = spec.ScenarioKeys[job.ScenarioIndex];
            string id = $"{key}#{job.Variant}";
            VariantDraw draw = VariantDraw.Make(spec, key, job.Variant, baseScenario, text);
            long start = (long)Math.Round(spec.Start * 1e9), every = (long)Math.Round(spec.Interval * 1e9);
            FrameLineage Lineage(int k) => new(job.FirstFrame + k, key, sha, job.Variant, k, start + k * every, draw);
            bool done = resume && Enumerable.Range(0, spec.Frames).All(k => FrameFiles.Complete(outFull, job.FirstFrame + k, rig));
            string? reason = done ? null : VariantRunner.Run(spec, rig, writer, spec.Scenarios[job.ScenarioIndex], draw, Lineage);
            if (reason is null)
            {
                frames.AddRange(Enumerable.Range(0, spec.Frames).Select(Lineage));
                written += done ? 0 : spec.Frames;
                resumed += done ? spec.Frames : 0;
            }
            else
            {
                failed.Add((id, reason));
            }
            progress.Finished(new RunRecord
            {
                Id = id,
                Family = key,
                Scenario = spec.Scenarios[job.ScenarioIndex],
                Parameters = new Dictionary<string, string>(),
                Status = reason is null ? "pass" : "error",
                Reason = reason,
                WallTime = jobWatch.Elapsed.TotalSeconds,
                Resumed = done,
                Directory = outFull,
            });
        }
        progress.Complete();
        string manifest = Path.Combine(outFull, DatagenManifest.FileName(shard));
        DatagenManifest.Write(manifest, spec, Sha256(File.ReadAllBytes(spec.File)), Sha256(File.ReadAllBytes(spec.Rig)), shard, frames, failed);
        double wall = watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generate: {frames.Count} frames ({written} written, {resumed} resumed) from {jobs.Count} variants, {failed.Count} failed, in {wall:F1} s ({(wall > 0 ? written / wall : 0):F2} frames/s); manifest in {Path.Combine(outDir, DatagenManifest.FileName(shard))}"));
        foreach ((string variant, string reason) in failed)
        {
            Console.Error.WriteLine($"{variant}: error: {reason}");
        }
        return failed.Count == 0 ? ExitCodes.Pass : ExitCodes.BadInput;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
