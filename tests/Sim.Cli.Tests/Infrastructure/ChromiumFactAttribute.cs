namespace Sim.Cli.Tests.Infrastructure;

/// <summary>
/// A test that opens a page in headless Chromium (Debian package chromium): skipped with the reason
/// when it is not installed, run (and so failing) when SIM_REQUIRE_ALL=1.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") != "1" && Chromium.Path is null)
        {
            Skip = "chromium not found on PATH (apt-get install chromium; set SIM_REQUIRE_ALL=1 to make this a failure)";
        }
    }
}

/// <summary>Where the chromium binary is.</summary>
internal static class Chromium
{
    public static string? Path { get; } = Find();

    private static string? Find()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string name in new[] { "chromium", "chromium-browser" })
            {
                string p = System.IO.Path.Combine(dir, name);
                if (File.Exists(p))
                {
                    return p;
                }
            }
        }
        return null;
    }
}
