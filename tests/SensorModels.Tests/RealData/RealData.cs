namespace SensorModels.Tests;

/// <summary>
/// Locates ../shared/realdata (real recordings nobody here made: comma2k19, Ouster captures,
/// opendbc) beside the repository or any folder above it, or under SIM_SHARED_DIR. Tests that need
/// it are skipped when it is absent, unless SIM_REQUIRE_ALL=1, where they fail.
/// </summary>
internal static class RealData
{
    private static readonly Lazy<string?> s_root = new(Find);

    /// <summary>The realdata folder, or null when absent.</summary>
    public static string? RootOrNull => s_root.Value;

    /// <summary>The realdata folder; fails the test when absent.</summary>
    public static string Root => s_root.Value
        ?? throw new Xunit.Sdk.XunitException("shared/realdata not found beside the repository, and SIM_REQUIRE_ALL=1 requires it");

    /// <summary>A path under the realdata folder.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The comma2k19 segment folder (RAV4, segment 40).</summary>
    public static string CommaSegment => Path("comma2k19", "Example_1", "b0c9d2329ad1606b--2018-08-02--08-34-47", "40");

    /// <summary>The skip reason for a test needing the data, or null when it must run.</summary>
    public static string? SkipReason =>
        RootOrNull is null && Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") != "1"
            ? "the real recordings (../shared/realdata beside the repository) are absent (set SIM_REQUIRE_ALL=1 to make this a failure)"
            : null;

    private static string? Find()
    {
        string? env = Environment.GetEnvironmentVariable("SIM_SHARED_DIR");
        if (!string.IsNullOrEmpty(env))
        {
            string p = System.IO.Path.Combine(env, "realdata");
            return Directory.Exists(p) ? p : null;
        }
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string p = System.IO.Path.Combine(d.FullName, "shared", "realdata");
            if (Directory.Exists(p))
            {
                return p;
            }
        }
        return null;
    }
}

/// <summary>A fact needing ../shared/realdata: skipped at discovery when absent, unless SIM_REQUIRE_ALL=1.</summary>
internal sealed class RealDataFactAttribute : FactAttribute
{
    public RealDataFactAttribute()
    {
        if (RealData.SkipReason is string reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory needing ../shared/realdata: skipped at discovery when absent, unless SIM_REQUIRE_ALL=1.</summary>
internal sealed class RealDataTheoryAttribute : TheoryAttribute
{
    public RealDataTheoryAttribute()
    {
        if (RealData.SkipReason is string reason)
        {
            Skip = reason;
        }
    }
}
