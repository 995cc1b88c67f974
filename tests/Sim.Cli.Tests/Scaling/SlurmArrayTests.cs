using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests.Scaling;

/// <summary>
/// The job array of docs/scaling.md on a real Slurm (<see cref="LocalSlurm"/>): the merged shards
/// equal one machine's `sim batch` of the same library and sweep, also after a task is cancelled
/// mid-run and another exceeds its time limit and both are requeued with the script's --resume.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SlurmArrayTests
{
    private const int Tasks = 4;
    private static readonly TimeSpan Command = TimeSpan.FromSeconds(30);

    /// <summary>The sweep: two Euro NCAP scenarios of the library, 3 speeds x 2 distances = 12 runs, some failing.</summary>
    private const string Sweep = """
        parameters:
          ego_speed: [8.33, 13.89, 19.44]
          target_distance: [25, 150]
        """;

    [SlurmFact]
    public void Array_job_from_the_docs_merges_to_the_single_machine_batch_after_a_cancel_and_a_timeout_are_requeued()
    {
        using var dir = new TempDir();
        string library = Library(dir);
        string results = dir.File("results");
        Directory.CreateDirectory(dir.File("logs"));
        string script = dir.Write("slurm-array.sh", DocBlock.Read(Path.Combine(Repo.Root, "docs", "scaling.md"), "slurm-array.sh"));
        string bin = SimCli.Executable is { } exe
            ? dir.Write("bin/sim", $"#!/bin/sh\nexec \"{exe}\" \"$@\"\n")
            : dir.Write("bin/sim", $"#!/bin/sh\nexec \"{Dotnet()}\" \"{SimCli.Dll}\" \"$@\"\n");
        File.SetUnixFileMode(bin, (UnixFileMode)0x1ED); // 0755

        using LocalSlurm slurm = LocalSlurm.Start(TimeSpan.FromSeconds(120));
        void Job(ProcessStartInfo psi)
        {
            psi.WorkingDirectory = dir.Path;
            psi.Environment["PATH"] = Path.GetDirectoryName(bin) + ":" + Environment.GetEnvironmentVariable("PATH");
            psi.Environment["SIM_LIBRARY"] = library;
            psi.Environment["SIM_RESULTS"] = results;
        }
        // The script's own directives are a production cluster's; the command line overrides them (as sbatch documents) to fit this node.
        (int code, string stdout, string stderr) = slurm.Run(Command, Job, "sbatch", "--parsable", $"--array=0-{Tasks - 1}", "--cpus-per-task=1", "--mem=256M", script);
        Assert.True(code == 0, $"sbatch: {stderr}");
        string job = stdout.Trim().Split(';')[0];
        string Shard(int task) => Path.Combine(results, job, $"shard-{task}");

        // The same inputs on one machine, meanwhile.
        using BackgroundSim single = SimCli.Start(dir.Path, "batch", Path.Combine(library, "scenarios"), "--sweep", Path.Combine(library, "nightly-sweep.yaml"),
            "--out", dir.File("single"), "--jobs", "2", "--quiet");

        // Task 1 is cancelled mid-run: frozen after its first finished run (so that the cancel
        // cannot come too late on a busy machine), then scancel'ed.
        int cancelledDone = Freeze(slurm, job, 1, Shard(1));
        Assert.Equal(0, slurm.Run(Command, "scancel", $"{job}_1").Code);
        // Task 2 hangs past its time limit: frozen the same way, its limit lowered to Slurm's minimum
        // of one minute; Slurm ends it with TIMEOUT.
        int timedOutDone = Freeze(slurm, job, 2, Shard(2));
        Assert.Equal(0, slurm.Run(Command, "scontrol", "update", $"JobId={job}_2", "TimeLimit=1").Code);

        WaitForArray(slurm, job, TimeSpan.FromSeconds(240));
        Dictionary<int, (string JobId, string State)> states = TaskStates(slurm, job);
        Assert.Equal(new[] { "COMPLETED", "CANCELLED", "TIMEOUT", "COMPLETED" }, Enumerable.Range(0, Tasks).Select(t => states[t].State));
        // The job completion log (what `sacct --completion` reads without slurmdbd; it names tasks by their own job id) says the same.
        string[] completion = slurm.Run(Command, "sacct", "--completion", "--noheader", "--parsable2", "--format=JobID,State").Out.Split('\n');
        Assert.All(Enumerable.Range(0, Tasks), t => Assert.Contains($"{states[t].JobId}|{states[t].State}", completion));

        // The merge calls the batch incomplete, not passed, with or without the unfinished folders.
        CliResult all = SimCli.Process(dir.Path, "report", "merge", Shard(0), Shard(1), Shard(2), Shard(3), "--out", dir.File("merged-early"));
        Assert.True(all.ExitCode == 2, all.ToString());
        Assert.Contains($"{Path.Combine(Shard(1), "summary.json")}: error: incomplete: no summary.json", all.StdErr);
        Assert.Contains($"{Path.Combine(Shard(2), "summary.json")}: error: incomplete: no summary.json", all.StdErr);
        Assert.False(File.Exists(Path.Combine(dir.File("merged-early"), "summary.json")));
        CliResult finished = SimCli.Process(dir.Path, "report", "merge", Shard(0), Shard(3), "--out", dir.File("merged-early"));
        Assert.True(finished.ExitCode == 2, finished.ToString());
        Assert.Contains("incomplete: the merge has shards 0, 3 of 4 but not 1, 2", finished.StdErr);
        Assert.False(File.Exists(Path.Combine(dir.File("merged-early"), "summary.json")));

        // Requeued, the same tasks run the same script in the same array (same SLURM_ARRAY_JOB_ID,
        // so the same folders); --resume skips what they finished before.
        Dictionary<string, (long Inode, DateTime Written)> before = Results(Shard(1)).Concat(Results(Shard(2))).ToDictionary(r => r.Key, r => r.Value);
        Assert.Equal(cancelledDone + timedOutDone, before.Count);
        // slurmd revokes a killed job's credential and refuses a new one issued in the same second
        // ("Job credential revoked": requeued task 2 ended FAILED once in CI, requeued 0.8 s after its
        // TIMEOUT kill), so the requeue waits until the tasks' end times are two seconds past.
        WaitPast(slurm, job, TimeSpan.FromSeconds(2));
        Assert.Equal(0, slurm.Run(Command, "scontrol", "requeue", $"{job}_1,{job}_2").Code);
        foreach (int task in new[] { 1, 2 })
        {
            // Slurm holds a requeued job for a while (BeginTime); start it now, with room to finish.
            (int c, _, string e) = slurm.Run(Command, "scontrol", "update", $"JobId={job}_{task}", "StartTime=now", "TimeLimit=30");
            Assert.True(c == 0, e);
        }
        WaitForArray(slurm, job, TimeSpan.FromSeconds(240));
        states = TaskStates(slurm, job);
        Assert.All(Enumerable.Range(0, Tasks), t => Assert.True(states[t].State == "COMPLETED",
            $"task {t}: {states[t].State}\n{TaskLog(dir, job, t)}\n{slurm.LogTail()}"));

        CliResult reference = single.Wait(TimeSpan.FromSeconds(120));
        Assert.True(reference.ExitCode == 1, reference.ToString()); // some runs fail a criterion
        CliResult merge = SimCli.Process(dir.Path, "report", "merge", Shard(0), Shard(1), Shard(2), Shard(3), "--out", Path.Combine(results, job, "all"));
        Assert.True(merge.ExitCode == reference.ExitCode, merge + "\n" + slurm.LogTail());

        JsonElement merged = Summary(Path.Combine(results, job, "all")), one = Summary(dir.File("single"));
        Assert.Equal(12, one.GetProperty("total").GetInt32());
        Assert.Equal(Comparable(one), Comparable(merged));
        Assert.Equal(JUnit(dir.File("single")), JUnit(Path.Combine(results, job, "all")));

        // No run twice: what the requeued tasks had finished is untouched and reported as resumed;
        // none missing: the ids above are the single machine's, each once.
        string[] resumed = merged.GetProperty("runs").EnumerateArray().Where(r => r.GetProperty("resumed").GetBoolean()).Select(r => r.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), resumed);
        Dictionary<string, (long Inode, DateTime Written)> after = Results(Shard(1)).Concat(Results(Shard(2))).ToDictionary(r => r.Key, r => r.Value);
        Assert.All(before, b => Assert.Equal(b.Value, after[b.Key]));
        Assert.Equal(12, after.Count + Results(Shard(0)).Count + Results(Shard(3)).Count);
    }

    /// <summary>A library folder as on a shared volume: scenarios/ (two Euro NCAP scenarios and their road) and nightly-sweep.yaml.</summary>
    private static string Library(TempDir dir)
    {
        foreach (string file in new[] { "euroncap/ccrs.yaml", "euroncap/ccrm_50.yaml", "roads/straight_2lane.yaml" })
        {
            dir.Write(Path.Combine("library", "scenarios", file), File.ReadAllText(Path.Combine(Repo.Scenarios, file)));
        }
        dir.Write("library/nightly-sweep.yaml", Sweep);
        return dir.File("library");
    }

    private static string Dotnet()
        => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>The last 40 lines of an array task's output (the script's --output pattern).</summary>
    private static string TaskLog(TempDir dir, string job, int task)
    {
        string log = dir.File(Path.Combine("logs", $"sim-{job}_{task}.log"));
        return File.Exists(log) ? $"--- {log}\n" + string.Join('\n', File.ReadAllLines(log).TakeLast(40)) : $"(no {log})";
    }

    /// <summary>
    /// Waits until the task has finished a run (but not all three), then stops (SIGSTOP) every
    /// process of the task: from then on it hangs as on a dead file server. Returns the finished runs.
    /// </summary>

    private static int Freeze(LocalSlurm slurm, string job, int task, string shard)
    {
        var watch = Stopwatch.StartNew();
        while (Results(shard).Count == 0)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(180), $"task {task} finished no run in 180 s\n{slurm.LogTail()}");
            Thread.Sleep(100);
        }
        // Until no new process appears: one may have been started while the others were stopped.
        var stopped = new HashSet<int>();
        for (IReadOnlyList<int> pids = slurm.JobProcesses(job, task); pids.Except(stopped).Any(); pids = slurm.JobProcesses(job, task))
        {
            foreach (int pid in pids.Except(stopped).ToList())
            {
                Signal(pid, "STOP");
                stopped.Add(pid);
            }
        }
        Assert.NotEmpty(stopped);
        int done = Results(shard).Count;
        Assert.True(done < 3, $"task {task} finished all its runs before it could be stopped");
        return done;
    }

    private static void Signal(int pid, string signal)
    {
        using Process kill = Process.Start("kill", new[] { "-" + signal, pid.ToString(CultureInfo.InvariantCulture) });
        kill.WaitForExit();
    }

    /// <summary>The completed result.json files of a shard folder: run id, inode and write time (a rewrite renames a new file in: a new inode).</summary>
    private static Dictionary<string, (long Inode, DateTime Written)> Results(string shard)
    {
        var found = new Dictionary<string, (long, DateTime)>(StringComparer.Ordinal);
        if (!Directory.Exists(shard))
        {
            return found;
        }
        foreach (string file in Directory.GetFiles(shard, "result.json", SearchOption.AllDirectories))
        {
            string id = Path.GetRelativePath(shard, Path.GetDirectoryName(file)!).Replace('\\', '/');
            found[id] = (Inode(file), File.GetLastWriteTimeUtc(file));
        }
        return found;
    }

    private static long Inode(string file)
    {
        using Process stat = Process.Start(new ProcessStartInfo("stat", new[] { "-c", "%i", file }) { RedirectStandardOutput = true })!;
        string text = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return long.Parse(text.Trim(), CultureInfo.InvariantCulture);
    }

    private static void WaitForArray(LocalSlurm slurm, string job, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (slurm.Run(Command, "squeue", "--noheader", "--jobs", job, "--format=%i %T").Out.Trim().Length > 0)
        {
            Assert.True(watch.Elapsed < timeout, $"array {job} still queued or running after {timeout.TotalSeconds:G} s\n{slurm.LogTail()}");
            Thread.Sleep(1000);
        }
    }

    /// <summary>Waits until the latest EndTime (whole seconds, the controller's local time) of the array's tasks is <paramref name="margin"/> past.</summary>
    private static void WaitPast(LocalSlurm slurm, string job, TimeSpan margin)
    {
        (int code, string stdout, string stderr) = slurm.Run(Command, "scontrol", "--oneliner", "show", "job", job);
        Assert.True(code == 0, stderr);
        DateTime last = Regex.Matches(stdout, @"\bEndTime=(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)")
            .Select(m => DateTime.ParseExact(m.Groups[1].Value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal))
            .DefaultIfEmpty(DateTime.Now).Max();
        // The end of the second it names, plus the margin; never more than the margin beyond now (clock skew).
        TimeSpan wait = last.AddSeconds(1) + margin - DateTime.Now;
        if (wait > TimeSpan.Zero)
        {
            Thread.Sleep(wait < margin + TimeSpan.FromSeconds(1) ? wait : margin + TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Each array task's own job id and JobState, as the controller has them.</summary>
    private static Dictionary<int, (string JobId, string State)> TaskStates(LocalSlurm slurm, string job)
    {
        (int code, string stdout, string stderr) = slurm.Run(Command, "scontrol", "--oneliner", "show", "job", job);
        Assert.True(code == 0, stderr);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => (Task: Regex.Match(l, @"\bArrayTaskId=(\d+)\b"), Id: Regex.Match(l, @"^JobId=(\d+)\b"), State: Regex.Match(l, @"\bJobState=(\w+)")))
            .Where(m => m.Task.Success)
            .ToDictionary(m => int.Parse(m.Task.Groups[1].Value, CultureInfo.InvariantCulture), m => (m.Id.Groups[1].Value, m.State.Groups[1].Value));
    }

    private static JsonElement Summary(string dir) => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "summary.json"))).RootElement;

    /// <summary>What must not depend on where and how the runs ran: counts, family KPI distributions, and per run its verdict, reason, state hash, failed criteria and KPIs (not times, folders or whether it was resumed).</summary>
    private static string[] Comparable(JsonElement summary)
    {
        var lines = new List<string>();
        foreach (string key in new[] { "total", "pass", "fail", "error", "families" })
        {
            lines.Add($"{key}: {summary.GetProperty(key).GetRawText()}");
        }
        foreach (JsonElement run in summary.GetProperty("runs").EnumerateArray())
        {
            lines.Add(string.Join(" ", new[] { "id", "family", "scenario", "parameters", "status", "reason", "state_hash", "failed_criteria", "kpis" }
                .Select(k => $"{k}={run.GetProperty(k).GetRawText()}")));
        }
        return lines.ToArray();
    }

    /// <summary>junit.xml without times and result paths: suites with their counts, cases with failure or error message and text.</summary>
    private static string[] JUnit(string dir)
    {
        XDocument doc = XDocument.Load(Path.Combine(dir, "junit.xml"));
        var lines = new List<string>();
        foreach (XElement suite in doc.Root!.Elements("testsuite"))
        {
            lines.Add($"suite {suite.Attribute("name")?.Value} tests={suite.Attribute("tests")?.Value} failures={suite.Attribute("failures")?.Value} errors={suite.Attribute("errors")?.Value}");
            foreach (XElement c in suite.Elements("testcase"))
            {
                XElement? outcome = c.Elements().FirstOrDefault();
                string text = outcome is null ? "" : string.Join("|", outcome.Value.Split('\n').Where(l => !l.StartsWith("result: ", StringComparison.Ordinal)));
                lines.Add($"case {c.Attribute("classname")?.Value} {c.Attribute("name")?.Value} {outcome?.Name} {outcome?.Attribute("message")?.Value} {text}");
            }
        }
        return lines.ToArray();
    }
}
