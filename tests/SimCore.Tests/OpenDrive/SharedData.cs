namespace SimCore.Tests.OpenDrive;

/// <summary>
/// Locates the shared conformance data (<c>shared/conformance/esmini</c> beside the repository, or
/// beside any folder above it, e.g. for worktrees) and the repository root. The rule: tests that
/// need the data are skipped when it is absent, unless SIM_REQUIRE_ALL=1, where they fail.
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string?> s_esmini = new(FindEsmini);
    private static readonly Lazy<string> s_repo = new(FindRepo);

    /// <summary>True when SIM_REQUIRE_ALL=1: absent data fails instead of skipping.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") == "1";

    /// <summary>The esmini conformance folder, or null when absent.</summary>
    public static string? EsminiOrNull => s_esmini.Value;

    /// <summary>The esmini folder; fails the test when absent (only reached when required or present).</summary>
    public static string Esmini => s_esmini.Value
        ?? throw new Xunit.Sdk.XunitException("shared/conformance/esmini not found beside the repository, and SIM_REQUIRE_ALL=1 requires it");

    /// <summary>The repository root (folder of Simulation.sln).</summary>
    public static string RepoRoot => s_repo.Value;

    /// <summary>The skip reason for a test needing the data, or null when it must run.</summary>
    public static string? SkipReason =>
        EsminiOrNull is null && !Required
            ? "the esmini reference data (../shared/conformance/esmini beside the repository) is absent (set SIM_REQUIRE_ALL=1 to make this a failure)"
            : null;

    private static string FindRepo()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Simulation.sln")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException("repository root (Simulation.sln) not found above " + AppContext.BaseDirectory);
    }

    private static string? FindEsmini()
    {
        string? env = Environment.GetEnvironmentVariable("SIM_SHARED_DIR");
        if (!string.IsNullOrEmpty(env))
        {
            string p = Path.Combine(env, "conformance", "esmini");
            return Directory.Exists(p) ? p : null;
        }
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

/// <summary>A fact needing the shared esmini data: skipped at discovery when absent, unless SIM_REQUIRE_ALL=1.</summary>
internal sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute()
    {
        if (SharedData.SkipReason is string reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory needing the shared esmini data: skipped at discovery when absent, unless SIM_REQUIRE_ALL=1.</summary>
internal sealed class SharedTheoryAttribute : TheoryAttribute
{
    public SharedTheoryAttribute()
    {
        if (SharedData.SkipReason is string reason)
        {
            Skip = reason;
        }
    }
}
