using System.Diagnostics;

namespace Sim.Runtime.Batch;

/// <summary>How a child `sim run` ended.</summary>
/// <param name="ExitCode">Its exit code; null when it was killed at the timeout.</param>
/// <param name="LastErrorLine">The last non-empty line it wrote to standard error, or null.</param>
/// <param name="WallTime">Seconds from start to exit.</param>
internal sealed record ChildRun(int? ExitCode, string? LastErrorLine, double WallTime)
{
    /// <summary>`sim run`'s exit code when every criterion passed.</summary>
    public const int PassExit = 0;

    /// <summary>`sim run`'s exit code when a criterion failed (2 is an error).</summary>
    public const int FailExit = 1;

    /// <summary>`sim run`'s exit code when the simulator itself failed (2 is bad input).</summary>
    public const int InternalErrorExit = 3;

    public bool TimedOut => ExitCode is null;

    /// <summary>Runs `sim run SCENARIO --out DIR --quiet --param ... [--view]` and waits at most <paramref name="timeout"/>.</summary>
    public static async Task<ChildRun> RunAsync(SimExecutable sim, RunSpec run, string outDir, TimeSpan timeout, ChildProcesses children, CancellationToken cancel, bool view = false)
    {
        var args = new List<string> { "run", run.Scenario, "--out", outDir, "--quiet" };
        if (view)
        {
            args.Add("--view");
        }
        foreach (KeyValuePair<string, string> p in run.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            args.Add("--param");
            args.Add($"{p.Key}={p.Value}");
        }
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = sim.StartInfo(args) };
        string? last = null;
        var gate = new object();
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                lock (gate)
                {
                    last = e.Data.Trim();
                }
            }
        };
        // A quiet run prints nothing on stdout, but a full pipe would block the child: drain it.
        process.OutputDataReceived += (_, _) => { };
        try
        {
            if (!children.TryStart(process))
            {
                return new ChildRun(-1, "not started: the batch is ending (signalled)", watch.Elapsed.TotalSeconds);
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new ChildRun(-1, $"cannot start {sim.FileName}: {e.Message}", watch.Elapsed.TotalSeconds);
        }
        try
        {
            return await WaitAsync(process, timeout, watch, () => { lock (gate) { return last; } }, cancel).ConfigureAwait(false);
        }
        finally
        {
            children.Exited(process);
        }
    }

    private static async Task<ChildRun> WaitAsync(Process process, TimeSpan timeout, Stopwatch watch, Func<string?> last, CancellationToken cancel)
    {
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // exited just now
            }
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancel.ThrowIfCancellationRequested();
            return new ChildRun(null, null, watch.Elapsed.TotalSeconds);
        }
        // Without a timeout argument, WaitForExit also waits for the redirected streams' last lines.
        process.WaitForExit();
        return new ChildRun(process.ExitCode, last(), watch.Elapsed.TotalSeconds);
    }
}
