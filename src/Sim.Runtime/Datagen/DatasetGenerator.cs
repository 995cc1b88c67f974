using System.Diagnostics;
using System.Security.Cryptography;
using Sim.Runtime.Batch;
using Sim.Runtime.Output;
using SimCore.Diagnostics;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Runtime.Datagen;

/// <summary>How a dataset generation ended.</summary>
/// <param name="Frames">Frames in the manifest (written and resumed).</param>
/// <param name="Written">Frames written by this run.</param>
/// <param name="Resumed">Frames found complete and kept.</param>
/// <param name="Failed">Variants that failed, with why (their frames stay incomplete).</param>
/// <param name="ManifestPath">The manifest written.</param>
/// <param name="WallSeconds">Wall-clock seconds.</param>
public sealed record DatasetOutcome(int Frames, int Written, int Resumed, IReadOnlyList<(string Variant, string Reason)> Failed, string ManifestPath, double WallSeconds)
{
    /// <summary>Pass when every frame was written, else error.</summary>
    public Verdict Verdict => Failed.Count == 0 ? Verdict.Pass : Verdict.Error;
}

/// <summary>
/// `sim generate`: a labelled dataset in the KITTI object-detection layout from randomised variants
/// of scenarios (docs/datagen.md), sharded and resumable as batch runs are.
/// </summary>
public sealed class DatasetGenerator
{
    private readonly GenerationSpec _spec;
    private readonly DatagenRig _rig;
    private readonly List<(Scenario Scenario, string Sha)> _scenarios;
    private readonly ShardSpec? _shard;

    private DatasetGenerator(GenerationSpec spec, DatagenRig rig, List<(Scenario, string)> scenarios, IReadOnlyList<DatagenJob> all, ShardSpec? shard)
    {
        (_spec, _rig, _scenarios, _shard) = (spec, rig, scenarios, shard);
        AllVariants = all.Count;
        Jobs = shard is null ? all : shard.Select(all);
    }

    /// <summary>Variants of the whole spec.</summary>
    public int AllVariants { get; }

    /// <summary>The variants this shard makes.</summary>
    internal IReadOnlyList<DatagenJob> Jobs { get; }

    /// <summary>Variants this shard makes.</summary>
    public int Variants => Jobs.Count;

    /// <summary>Frames per variant.</summary>
    public int FramesPerVariant => _spec.Frames;

    /// <summary>
    /// Loads and checks the spec, its rig and its scenarios (each needs an ego, and every frame time
    /// must be one at which the lidar, ground truth and camera output): nothing runs before all is good.
    /// </summary>
    /// <exception cref="InputException">Every error of the spec, rig and scenarios, located.</exception>
    public static DatasetGenerator Open(string specPath, ShardSpec? shard)
    {
        GenerationSpec spec;
        DatagenRig rig;
        var scenarios = new List<(Scenario Scenario, string Sha)>();
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
                scenarios.Add((s, Sha256(File.ReadAllBytes(path))));
            }
            if (errors.Count > 0)
            {
                throw new InputException(errors.DistinctBy(e => e.ToString()).ToList());
            }
        }
        catch (InputException)
        {
            throw;
        }
        return new DatasetGenerator(spec, rig, scenarios, DatagenJob.All(spec), shard);
    }

    /// <summary>
    /// Makes the variants into <paramref name="outDir"/>; <paramref name="log"/> hears what is made
    /// where, <paramref name="finished"/> of each variant as it ends. A failed variant does not stop
    /// the others; its frames stay incomplete and a resume makes it again.
    /// </summary>
    /// <exception cref="RunException">The output folder cannot be used.</exception>
    public DatasetOutcome Run(string outDir, bool resume, TextWriter? log = null, Action<RunRecord>? finished = null)
    {
        GenerationSpec spec = _spec;
        DatagenRig rig = _rig;
        ShardSpec? shard = _shard;
        IReadOnlyList<DatagenJob> jobs = Jobs;
        var scenarios = _scenarios;
        string outFull;
        try
        {
            outFull = Path.GetFullPath(outDir);
            Directory.CreateDirectory(outFull);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunException(outDir, $"cannot use it as the output folder: {e.Message}", e);
        }
        log?.WriteLine($"generate: {jobs.Count} variants x {spec.Frames} frames{(shard is null ? "" : $" (shard {shard} from {shard.Source}, of {AllVariants} variants)")}, into {outDir}");
        var watch = Stopwatch.StartNew();
        var writer = new KittiFrameWriter(outFull, rig, rig.Calibration());
        var frames = new List<FrameLineage>();
        var failed = new List<(string, string)>();
        int written = 0, resumed = 0;
        foreach (DatagenJob job in jobs)
        {
            var jobWatch = Stopwatch.StartNew();
            (Scenario baseScenario, string sha) = scenarios[job.ScenarioIndex];
            string key = spec.ScenarioKeys[job.ScenarioIndex];
            string id = $"{key}#{job.Variant}";
            VariantDraw draw = VariantDraw.Make(spec, key, job.Variant, baseScenario);
            long start = (long)Math.Round(spec.Start * 1e9), every = (long)Math.Round(spec.Interval * 1e9);
            FrameLineage Lineage(int k) => new(job.FirstFrame + k, key, sha, job.Variant, k, start + k * every, draw);
            bool done = resume && Enumerable.Range(0, spec.Frames).All(k => FrameFiles.Complete(outFull, job.FirstFrame + k, rig));
            string? reason = done ? null : VariantRunner.Run(spec, rig, writer, baseScenario, draw, Lineage);
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
            finished?.Invoke(new RunRecord
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
        string manifest = Path.Combine(outFull, DatagenManifest.FileName(shard));
        DatagenManifest.Write(manifest, spec, Sha256(File.ReadAllBytes(spec.File)), Sha256(File.ReadAllBytes(spec.Rig)), shard, frames, failed);
        return new DatasetOutcome(frames.Count, written, resumed, failed, Path.Combine(outDir, DatagenManifest.FileName(shard)), watch.Elapsed.TotalSeconds);
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
