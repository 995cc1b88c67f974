using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>`sim dbc`, `sim dbc decode`, `sim dbc encode` on the project's vehicle bus, against hand-computed bytes.</summary>
public class DbcCommandTests
{
    private static string Dbc => Path.Combine(Repo.Scenarios, "can", "vehicle.dbc");

    [Fact]
    public void EncodeWritesTheBitsTheDbcSaysAndDecodeReadsThemBack()
    {
        // ESC_VehicleSpeed (0x0C0): VehicleSpeed 0.01 km/h per count, Intel from bit 0: 50 km/h is 5000 = 0x1388, bytes 88 13.
        CliResult e = SimCli.InProcess("dbc", "encode", Dbc, "--message", "ESC_VehicleSpeed", "VehicleSpeed=50", "--quiet");
        Assert.True(e.ExitCode == 0, e.ToString());
        Assert.StartsWith("0xC0 ESC_VehicleSpeed 8813", e.StdOut.Trim());
        string hex = e.StdOut.Trim().Split(' ')[^1];
        CliResult d = SimCli.InProcess("dbc", "decode", Dbc, "--id", "0xC0", "--data", hex, "--quiet");
        Assert.True(d.ExitCode == 0, d.ToString());
        Assert.Contains("VehicleSpeed = 50 km/h  (raw 5000)", d.StdOut);
    }

    [Fact]
    public void BadIdsPayloadsAndSignalsAreErrors()
    {
        Assert.Equal(2, SimCli.InProcess("dbc", "decode", Dbc, "--id", "0x7FF", "--data", "00", "--quiet").ExitCode);
        CliResult r = SimCli.InProcess("dbc", "decode", Dbc, "--id", "0xC0", "--data", "0G", "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is not 0 to 64 bytes of hex", r.StdErr);
        r = SimCli.InProcess("dbc", "encode", Dbc, "--message", "ESC_VehicleSpeed", "VehicleSped=50", "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("did you mean 'VehicleSpeed'?", r.StdErr);
    }
}
