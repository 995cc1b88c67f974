using System.Diagnostics;
using System.Text.Json;
using SensorModels.Tests;

namespace Sim.Cli.Tests.Import;

/// <summary>
/// Runs the independent reference decoders written in Python with numpy (beside this file) that the
/// import tests check the C# importers against.
/// </summary>
internal static class RealDataPython
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> s_missing = new(() =>
    {
        if (!File.Exists(Python))
        {
            return Python + " not found";
        }
        (int code, _, string err) = Run(["-c", "import numpy"]);
        return code == 0 ? null : "python3-numpy missing: " + err.Trim();
    });

    /// <summary>Why the reference decoders cannot run, or null.</summary>
    public static string? Missing => s_missing.Value;

    /// <summary>Runs a script beside the test assembly and parses its JSON output.</summary>
    public static JsonDocument Json(string script, params string[] args)
    {
        (int code, string output, string err) = Run([Path.Combine(AppContext.BaseDirectory, "Import", script), .. args]);
        Assert.True(code == 0, $"{script} failed ({code}): {err}");
        return JsonDocument.Parse(output);
    }

    private static (int Code, string Out, string Err) Run(string[] args)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using Process p = Process.Start(psi)!;
        Task<string> err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(300_000))
        {
            p.Kill();
            throw new TimeoutException("the reference decoder did not finish in 300 s");
        }
        return (p.ExitCode, output, err.Result);
    }
}

/// <summary>A theory needing ../shared/realdata and /usr/bin/python3 with numpy: skipped with the reason, unless SIM_REQUIRE_ALL=1.</summary>
internal sealed class RealDataPythonTheoryAttribute : TheoryAttribute
{
    public RealDataPythonTheoryAttribute()
    {
        if (Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") != "1" && (RealData.SkipReason ?? (RealDataPython.Missing is { } m ? m + " (apt-get install python3-numpy)" : null)) is { } why)
        {
            Skip = why;
        }
    }
}

/// <summary>A fact needing ../shared/realdata and /usr/bin/python3 with numpy.</summary>
internal sealed class RealDataPythonFactAttribute : FactAttribute
{
    public RealDataPythonFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") != "1" && (RealData.SkipReason ?? (RealDataPython.Missing is { } m ? m + " (apt-get install python3-numpy)" : null)) is { } why)
        {
            Skip = why;
        }
    }
}
