using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Sim.Runtime.Batch;

/// <summary>How to start another `sim` for one run: the apphost, or `dotnet sim.dll`.</summary>
/// <param name="FileName">The program to start.</param>
/// <param name="Prefix">Arguments before the verb (sim.dll when started through dotnet).</param>
public sealed record SimExecutable(string FileName, IReadOnlyList<string> Prefix)
{
    /// <summary>
    /// The `sim` this process is: each run goes to a child process so that a crash, a hang or a
    /// runaway allocation of one scenario cannot take the batch down. A native AOT `sim` starts
    /// itself (no runtime start-up or JIT per run); a JIT one its apphost or `dotnet sim.dll`.
    /// </summary>
    public static SimExecutable Current()
    {
        string? process = Environment.ProcessPath;
        if (process is not null && !RuntimeFeature.IsDynamicCodeSupported)
        {
            return new SimExecutable(process, Array.Empty<string>()); // native AOT: whatever its file is named
        }
        // The build's sim.dll sits beside the apphost and is copied beside programs that reference Sim.Cli (tests).
        string dll = Path.Combine(AppContext.BaseDirectory, "sim.dll");
        string processName = process is null ? "" : Path.GetFileNameWithoutExtension(process);
        if (process is not null && processName == "sim")
        {
            return new SimExecutable(process, Array.Empty<string>()); // started as the apphost
        }
        if (process is not null && processName == "dotnet")
        {
            return new SimExecutable(process, new[] { dll }); // started as `dotnet sim.dll`
        }
        // Hosted by something else (a test host): the muxer that the SDK names, else the one on PATH.
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        return new SimExecutable(dotnet, new[] { dll });
    }

    /// <summary>A start description for `sim ARGS` with the output redirected.</summary>
    internal ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in Prefix.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["NO_COLOR"] = "1";
        return psi;
    }
}
