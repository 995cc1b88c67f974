using System.Diagnostics;
using System.Globalization;
using Sim.Cli.Tests.Infrastructure;
using Sim.Cli.Tests.Scaling;

namespace Sim.Benchmarks;

/// <summary>
/// `slurm-array [SIM_DLL] [REPEATS]`: runs per minute of the job array of docs/scaling.md on a
/// local single-node Slurm (the tests' <see cref="LocalSlurm"/>) with 1, 2 and 4 array tasks, next
/// to `sim batch --jobs 2` on the same 24 runs, interleaved in each repeat so that all four see
/// the same machine load. One task gets both CPUs (--cpus-per-task=2, so --jobs 2 as the baseline);
/// 2 and 4 tasks get one each. Timed from sbatch to the last task's end (squeue polled every 0.1 s).
/// </summary>
internal static class SlurmArrayBench
{
    private const string Sweep = """
        parameters:
          ego_speed: [8.33, 11.11, 13.89, 16.67, 19.44, 22.22]
          target_distance: [25, 150]
        """;

    private static readonly TimeSpan Command = TimeSpan.FromSeconds(30);

    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] != "slurm-array")
        {
            return false;
        }
        if (!OperatingSystem.IsLinux() || LocalSlurm.MissingReason is not null)
        {
            Console.Error.WriteLine($"slurm-array: {(OperatingSystem.IsLinux() ? LocalSlurm.MissingReason : "a local Slurm cluster needs Linux")}");
            return true;
        }
        string root = BenchScenarios.RepoRoot();
        string simDll = args.Length > 1 ? Path.GetFullPath(args[1]) : Path.Combine(root, "src", "Sim.Cli", "bin", "Release", "net10.0", "sim.dll");
        int repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
        string work = Path.Combine(Path.GetTempPath(), "sim-slurm-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Run(root, simDll, repeats, work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
        return true;
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static void Run(string root, string simDll, int repeats, string work)
    {
        string library = Path.Combine(work, "library");
        foreach (string file in new[] { "euroncap/ccrs.yaml", "euroncap/ccrm_50.yaml", "roads/straight_2lane.yaml" })
        {
            string to = Path.Combine(library, "scenarios", file);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(Path.Combine(root, "scenarios", file), to);
        }
        File.WriteAllText(Path.Combine(library, "nightly-sweep.yaml"), Sweep);
        Directory.CreateDirectory(Path.Combine(work, "logs"));
        Directory.CreateDirectory(Path.Combine(work, "bin"));
        string script = Path.Combine(work, "slurm-array.sh");
        File.WriteAllText(script, DocBlock.Read(Path.Combine(root, "docs", "scaling.md"), "slurm-array.sh"));
        string sim = Path.Combine(work, "bin", "sim");
        File.WriteAllText(sim, $"#!/bin/sh\nexec dotnet \"{simDll}\" \"$@\"\n");
        File.SetUnixFileMode(sim, (UnixFileMode)0x1ED); // 0755
        const int runs = 24;

        using LocalSlurm slurm = LocalSlurm.Start(TimeSpan.FromSeconds(120));
        void Job(ProcessStartInfo psi)
        {
            psi.WorkingDirectory = work;
            psi.Environment["PATH"] = Path.Combine(work, "bin") + ":" + Environment.GetEnvironmentVariable("PATH");
            psi.Environment["SIM_LIBRARY"] = library;
            psi.Environment["SIM_RESULTS"] = Path.Combine(work, "results");
        }
        string loadBefore = File.ReadAllText("/proc/loadavg").Trim();
        var seconds = new Dictionary<string, List<double>>();
        void Add(string name, double s) => (seconds.TryGetValue(name, out List<double>? l) ? l : seconds[name] = new List<double>()).Add(s);
        for (int rep = 0; rep < repeats; rep++)
        {
            var watch = Stopwatch.StartNew();
            (int code, string stdout, string stderr) = slurm.Run(TimeSpan.FromMinutes(10), Job, sim, "batch", Path.Combine(library, "scenarios"),
                "--sweep", Path.Combine(library, "nightly-sweep.yaml"), "--out", Path.Combine(work, $"single-{rep}"), "--jobs", "2", "--quiet");
            Add("sim batch --jobs 2", watch.Elapsed.TotalSeconds);
            Check(code is 0 or 1, $"sim batch: exit {code}: {stdout}{stderr}");
            foreach (int tasks in new[] { 1, 2, 4 })
            {
                watch.Restart();
                (code, stdout, stderr) = slurm.Run(Command, Job, "sbatch", "--parsable", $"--array=0-{tasks - 1}", $"--cpus-per-task={(tasks == 1 ? 2 : 1)}", "--mem=256M", script);
                Check(code == 0, $"sbatch: {stderr}");
                string job = stdout.Trim().Split(';')[0];
                while (slurm.Run(Command, "squeue", "--noheader", "--jobs", job).Out.Trim().Length > 0)
                {
                    Check(watch.Elapsed < TimeSpan.FromMinutes(10), $"array {job} did not finish in 10 min");
                    Thread.Sleep(100);
                }
                Add($"Slurm array, {tasks} task{(tasks == 1 ? ", 2 CPUs" : "s, 1 CPU each")}", watch.Elapsed.TotalSeconds);
                int done = Enumerable.Range(0, tasks).Count(t => File.Exists(Path.Combine(work, "results", job, $"shard-{t}", "summary.json")));
                Check(done == tasks, $"array {job}: {tasks - done} tasks left no summary.json\n{slurm.LogTail()}");
            }
        }
        string loadAfter = File.ReadAllText("/proc/loadavg").Trim();
        double baseline = Median(seconds["sim batch --jobs 2"]);
        Console.WriteLine($"{runs} runs (2 Euro NCAP scenarios x 6 speeds x 2 distances), {repeats} repeats interleaved; {Environment.ProcessorCount} CPUs; load average before: {loadBefore}; after: {loadAfter}");
        Console.WriteLine("| how | wall s (median; all) | runs/min | vs sim batch --jobs 2 |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach ((string name, List<double> s) in seconds)
        {
            double m = Median(s);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {m:F1} ({string.Join(", ", s.Select(x => x.ToString("F1", CultureInfo.InvariantCulture)))}) | {runs / m * 60:F0} | {baseline / m:F2}x |"));
        }
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new InvalidOperationException(message);
        }
    }

    private static double Median(List<double> s)
    {
        double[] o = s.Order().ToArray();
        return o.Length % 2 == 1 ? o[o.Length / 2] : (o[o.Length / 2 - 1] + o[o.Length / 2]) / 2;
    }
}
