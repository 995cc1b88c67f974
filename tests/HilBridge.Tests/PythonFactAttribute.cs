using System.Diagnostics;

namespace HilBridge.Tests;

/// <summary>
/// A test that needs /usr/bin/python3 with python3-msgpack and python3-zmq (Debian packages): skipped with the
/// reason when absent, run (and so failing) when SIM_REQUIRE_ALL=1.
/// </summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") != "1" && PythonPeer.Missing() is { } why)
        {
            Skip = why + " (apt-get install python3-msgpack python3-zmq; set SIM_REQUIRE_ALL=1 to make this a failure)";
        }
    }
}

/// <summary>A theory that needs what <see cref="PythonFactAttribute"/> needs, skipped or failing alike.</summary>
public sealed class PythonTheoryAttribute : TheoryAttribute
{
    public PythonTheoryAttribute()
    {
        if (Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") != "1" && PythonPeer.Missing() is { } why)
        {
            Skip = why + " (apt-get install python3-msgpack python3-zmq; set SIM_REQUIRE_ALL=1 to make this a failure)";
        }
    }
}

internal static class PythonPeer
{
    public const string Python = "/usr/bin/python3";

    public static string? Missing()
    {
        if (!File.Exists(Python))
        {
            return Python + " not found";
        }
        (int code, _, string err) = Run("-c \"import msgpack, zmq\"", "");
        return code == 0 ? null : "python3-msgpack or python3-zmq missing: " + err.Trim();
    }

    public static (int Code, string Out, string Err) Run(string args, string stdin)
    {
        var psi = new ProcessStartInfo(Python, args) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using Process p = Process.Start(psi)!;
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        Task<string> err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000))
        {
            p.Kill();
            throw new TimeoutException("python peer did not finish in 60 s");
        }
        return (p.ExitCode, output, err.Result);
    }
}
