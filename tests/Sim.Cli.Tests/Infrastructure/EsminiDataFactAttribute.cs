namespace Sim.Cli.Tests.Infrastructure;

/// <summary>
/// A test that reads the shared esmini conformance data (<c>shared/conformance/esmini</c> beside the
/// repository or a folder above it): skipped with the reason when absent, run (and so failing) when SIM_REQUIRE_ALL=1.
/// </summary>
public sealed class EsminiDataFactAttribute : FactAttribute
{
    public EsminiDataFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") != "1" && EsminiData.Folder is null)
        {
            Skip = "the esmini conformance data (../shared/conformance/esmini beside the repository) is absent (set SIM_REQUIRE_ALL=1 to make this a failure)";
        }
    }
}

/// <summary>Where the shared esmini conformance data is.</summary>
internal static class EsminiData
{
    public static string? Folder { get; } = Find();

    /// <summary>The data's xosc folder; fails the test when the data is absent.</summary>
    public static string Xosc => Path.Combine(Folder ?? throw new Xunit.Sdk.XunitException("shared/conformance/esmini not found, and SIM_REQUIRE_ALL=1 requires it"), "xosc");

    private static string? Find()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string p = Path.Combine(d.FullName, "shared", "conformance", "esmini");
            if (Directory.Exists(p))
            {
                return p;
            }
        }
        return null;
    }
}
