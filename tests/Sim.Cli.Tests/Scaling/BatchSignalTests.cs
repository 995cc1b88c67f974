using System.Diagnostics;
using System.Globalization;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests.Scaling;

/// <summary>
/// A batch told to end (a scheduler's cancel or time limit) leaves no child behind. A scheduler
/// signals the processes it finds one by one: the running `sim run` ends, the batch starts the next
/// one, then the batch's own signal comes. That last child must die with the batch; an orphan would
/// finish its run later and write a complete result.json that a resumed batch counts as done.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BatchSignalTests
{
    [Fact]
    public void A_batch_ended_by_SIGTERM_kills_the_child_it_started_after_the_scheduler_listed_its_processes()
    {
        using var dir = new TempDir();
        string output = dir.File("out");
        using BackgroundSim batch = SimCli.Start(dir.Path, "batch", Path.Combine(Repo.Scenarios, "euroncap"), "--jobs", "1", "--out", output, "--quiet");
        try
        {
            int first = WaitFor(() => Children(batch.Id).FirstOrDefault(), "the batch's first child");
            Signal(first, "KILL");
            // The batch saw its child end and started the next one: now the batch's own signal.
            int next = WaitFor(() => Children(batch.Id).FirstOrDefault(p => p != first), "the batch's next child");
            Signal(batch.Id, "TERM");
            CliResult ended = batch.Wait(TimeSpan.FromSeconds(60));
            Assert.True(ended.ExitCode == 143, ended.ToString()); // 128 + SIGTERM: the signal's own ending, unchanged

            var watch = Stopwatch.StartNew();
            while (Alive(next) && watch.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(20);
            }
            Assert.False(Alive(next), $"the batch's child {next} outlived it: {CommandLine(next)}");
            Assert.Empty(Directory.Exists(output) ? Directory.GetFiles(output, "result.json", SearchOption.AllDirectories) : []);
        }
        finally
        {
            foreach (int p in Processes().Where(p => CommandLine(p).Contains(output, StringComparison.Ordinal)))
            {
                Signal(p, "KILL");
            }
        }
    }

    /// <summary>Polls <paramref name="probe"/> until it finds a process (not 0), for at most 180 s.</summary>
    private static int WaitFor(Func<int> probe, string what)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (probe() is var found && found != 0)
            {
                return found;
            }
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(180), $"no {what} in 180 s");
            Thread.Sleep(20);
        }
    }

    private static IEnumerable<int> Processes()
        => Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n => int.Parse(n!, CultureInfo.InvariantCulture));

    /// <summary>Field 4 of /proc/PID/stat, after the parenthesised command name (which may hold spaces).</summary>
    private static (char State, int Parent)? Stat(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (rest[0][0], int.Parse(rest[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool Alive(int pid) => Stat(pid) is { State: not 'Z' and not 'X' };

    private static IEnumerable<int> Children(int parent) => Processes().Where(p => Stat(p) is { } s && s.Parent == parent && s.State != 'Z').ToList();

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private static void Signal(int pid, string signal)
    {
        using Process kill = Process.Start("kill", new[] { "-" + signal, pid.ToString(CultureInfo.InvariantCulture) });
        kill.WaitForExit();
    }
}
