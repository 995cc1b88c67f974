using System.Text.RegularExpressions;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>
/// Hostile but fair input (issue 16): every file, option and fault ends in exit 0/1, a located
/// exit-2 error, or (a simulator fault only) exit 3; never a crash, hang or blow-up.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class HostileInputTests
{
    [Fact]
    public void An_exception_that_escapes_a_verb_is_exit_3_not_a_failed_criterion()
    {
        CliResult r = SimCli.Capture(() => ExitCodes.Guard(() => throw new InvalidOperationException("injected")));
        Assert.True(r.ExitCode == ExitCodes.InternalError, r.ToString());
        Assert.Equal(3, ExitCodes.InternalError);
        string last = r.StdErr.TrimEnd().Split('\n')[^1];
        Assert.Matches("^error: internal error .*simulator bug.*InvalidOperationException: injected$", last);
    }

    [Fact]
    public void A_simulator_fault_in_a_run_exits_3_and_an_environment_error_2()
    {
        CliResult fault = SimCli.Capture(() => ExitCodes.Report(Sim.Runtime.RunException.Internal("s.yaml", "boom", new InvalidOperationException())));
        Assert.Equal(3, fault.ExitCode);
        CliResult env = SimCli.Capture(() => ExitCodes.Report(new Sim.Runtime.RunException("out", "cannot use it")));
        Assert.Equal(2, env.ExitCode);
    }

    private static void AssertLocated(CliResult r, string pattern)
    {
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Matches(pattern, r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
        Assert.DoesNotContain("Exception", r.StdErr);
    }
}
