namespace Sim.Cli.Tests.Scaling;

/// <summary>
/// A test that starts a local Slurm cluster (Debian packages slurm-wlm and munge): skipped with the
/// reason when they are not installed, run (and so failing) when SIM_REQUIRE_ALL=1.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        string? reason = OperatingSystem.IsLinux() ? LocalSlurm.MissingReason : "a local Slurm cluster needs Linux";
        if (Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") != "1" && reason is not null)
        {
            Skip = $"{reason}; set SIM_REQUIRE_ALL=1 to make this a failure";
        }
    }
}
