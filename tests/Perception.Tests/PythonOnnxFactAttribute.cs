using System.Diagnostics;

namespace Perception.Tests;

/// <summary>
/// A test that needs /usr/bin/python3 with python3-onnx (Debian package): skipped with the reason
/// when absent, run (and so failing) when SIM_REQUIRE_ALL=1.
/// </summary>
public sealed class PythonOnnxFactAttribute : FactAttribute
{
    public PythonOnnxFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") != "1" && PythonOnnx.Missing() is { } why)
        {
            Skip = why + " (apt-get install python3-onnx; set SIM_REQUIRE_ALL=1 to make this a failure)";
        }
    }
}

internal static class PythonOnnx
{
    public const string Python = "/usr/bin/python3";

    public static string? Missing()
    {
        if (!File.Exists(Python))
        {
            return Python + " not found";
        }
        (int code, _, string err) = Run("-c \"import onnx, numpy\"");
        return code == 0 ? null : "python3-onnx missing: " + err.Trim();
    }

    public static (int Code, string Out, string Err) Run(string args)
    {
        var psi = new ProcessStartInfo(Python, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process p = Process.Start(psi)!;
        Task<string> err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000))
        {
            p.Kill();
            throw new TimeoutException("python3 did not finish in 60 s");
        }
        return (p.ExitCode, output, err.Result);
    }
}
