using System.Diagnostics;

namespace Sim.Cli.Tests.Infrastructure;

/// <summary>A node program under tools/ (its node_modules from `npm ci` there), run by tests as an independent checker.</summary>
/// <param name="Name">The folder under tools/.</param>
/// <param name="Package">A package of its node_modules whose presence means `npm ci` ran.</param>
internal sealed record NodeTool(string Name, string Package)
{
    public string Dir => Path.Combine(Repo.Root, "tools", Name);

    /// <summary>Why it cannot run here, or null.</summary>
    public string? Missing()
        => Node() is null ? "node not found on PATH"
            : Directory.Exists(Path.Combine(Dir, "node_modules", Package)) ? null
            : Path.Combine(Dir, "node_modules") + " missing";

    /// <summary>Runs `node tools/NAME/SCRIPT ARGS...` in its folder.</summary>
    public (int Code, string Out, string Err) Run(TimeSpan timeout, string script, params string[] args)
    {
        var psi = new ProcessStartInfo(Node() ?? "node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Dir };
        psi.ArgumentList.Add(Path.Combine(Dir, script));
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using Process p = Process.Start(psi)!;
        Task<string> err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(timeout))
        {
            p.Kill();
            throw new TimeoutException($"node {script} did not finish in {timeout.TotalSeconds:G} s");
        }
        return (p.ExitCode, output, err.Result);
    }

    private static string? Node()
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, OperatingSystem.IsWindows() ? "node.exe" : "node")).FirstOrDefault(File.Exists);
}
