using SimCore.Simulation;

namespace Sim.Runtime.Tests.Hostile;

/// <summary>A run that fails tells a simulator fault (exit 3) from an environment error (exit 2), and leaves no output that looks valid.</summary>
public sealed class RunFaultTests
{
    [Fact]
    public void A_fault_inside_the_step_loop_is_internal()
    {
        using var dir = new TempDir();
        using RunSession run = RunSession.Open(new RunRequest(Repo.CutIn, dir.File("out")));
        run.Stages.StateReady += s =>
        {
            if (s.Time.Seconds > 1.0)
            {
                throw new InvalidOperationException("injected");
            }
        };
        RunException e = Assert.Throws<RunException>(() => run.Run());
        Assert.True(e.IsInternal, e.Message);
        Assert.Contains("simulator bug", e.Message);
        Assert.DoesNotContain(Directory.GetFiles(dir.File("out")), f => Path.GetFileName(f) != ".sim-run.lock");
    }

    [Fact]
    public void A_full_disk_is_an_environment_error_not_a_bug()
    {
        using var dir = new TempDir();
        using RunSession run = RunSession.Open(new RunRequest(Repo.CutIn, dir.File("out")));
        // What a FileStream throws on ENOSPC.
        run.Stages.StateReady += s => throw new IOException("No space left on device : 'trajectories.csv.partial'");
        RunException e = Assert.Throws<RunException>(() => run.Run());
        Assert.False(e.IsInternal, e.Message);
        Assert.DoesNotContain("simulator bug", e.Message);
        Assert.Contains("No space left on device", e.Message);
        Assert.DoesNotContain(Directory.GetFiles(dir.File("out")), f => Path.GetFileName(f) != ".sim-run.lock");
    }
}

/// <summary>`sim batch` reports a child's internal error (exit 3) as an error with its reason, even beside a result.json.</summary>
public sealed class BatchInternalErrorTests
{
    [Fact]
    public void A_child_that_exits_3_is_an_error_run_named_internal()
    {
        using var dir = new TempDir();
        // A stand-in `sim`: writes a complete-looking failing result.json, then dies as a simulator fault would.
        string script = dir.Write("fake-sim.sh", "#!/bin/sh\nwhile [ \"$1\" != --out ]; do shift; done\nmkdir -p \"$2\"\n"
            + "printf '{\"status\":\"fail\"}' > \"$2/result.json\"\necho '   at Somewhere()' >&2\n"
            + "echo 'error: internal error (a simulator bug: please report it): NullReferenceException: x' >&2\nexit 3\n");
        var plan = new Sim.Runtime.Batch.BatchPlan(
            [new Sim.Runtime.Batch.RunSpec("a", "a", Repo.CutIn, new Dictionary<string, string>())],
            dir.File("out"), 1, TimeSpan.FromSeconds(30), false, false, null);
        Sim.Runtime.Batch.BatchOutcome outcome = Sim.Runtime.Batch.BatchRunner.Run(plan, new Sim.Runtime.Batch.SimExecutable("/bin/sh", [script]));
        Sim.Runtime.Batch.RunRecord run = Assert.Single(outcome.Runs);
        Assert.Equal("error", run.Status);
        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("internal error (exit 3, a simulator bug): error: internal error", run.Reason);
    }
}

/// <summary>`sim mine --out sel.json` writes sel.json and sel.txt (not sel.json.json).</summary>
public sealed class MiningOutputTests
{
    [Theory]
    [InlineData("sel", "sel")]
    [InlineData("sel.json", "sel")]
    [InlineData("dir/sel.txt", "dir/sel")]
    [InlineData("sel.v2", "sel.v2")]
    public void The_selection_path_drops_its_own_extension(string output, string stem)
        => Assert.Equal(stem, Sim.Runtime.Mining.MineRequest.Stem(output));
}
