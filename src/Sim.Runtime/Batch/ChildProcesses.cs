using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Sim.Runtime.Batch;

/// <summary>
/// The running children of one batch. When this process is told to end (SIGTERM, SIGINT, SIGHUP,
/// SIGQUIT: a scheduler's cancel or time limit, Ctrl-C, a closed terminal) the running children are
/// killed with their trees and no new one starts, and the process then ends as it would have.
/// </summary>
/// <remarks>
/// Without it a child outlives the batch: a scheduler signals the processes it found, the batch
/// sees its child end and starts the next one before its own signal arrives, and that orphan later
/// writes a complete result.json into the folder, which a resumed batch then counts as done.
/// </remarks>
internal sealed class ChildProcesses : IDisposable
{
    private static readonly PosixSignal[] Ending = [PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP, PosixSignal.SIGQUIT];

    private readonly object _gate = new();
    private readonly HashSet<Process> _running = new();
    private readonly List<PosixSignalRegistration> _signals = new();
    private bool _ending;

    public ChildProcesses()
    {
        foreach (PosixSignal signal in Ending)
        {
            try
            {
                // The handler leaves the signal's default action (ending this process) in place.
                _signals.Add(PosixSignalRegistration.Create(signal, _ => End()));
            }
            catch (PlatformNotSupportedException)
            {
                // Windows has no SIGHUP: nothing sends it there.
            }
        }
    }

    /// <summary>Starts <paramref name="process"/> unless the batch is ending; false when it was not started.</summary>
    public bool TryStart(Process process)
    {
        lock (_gate)
        {
            if (_ending)
            {
                return false;
            }
            process.Start();
            _running.Add(process);
            return true;
        }
    }

    /// <summary>Forgets a child that has exited.</summary>
    public void Exited(Process process)
    {
        lock (_gate)
        {
            _running.Remove(process);
        }
    }

    /// <summary>Kills the running children and refuses new ones.</summary>
    public void End()
    {
        lock (_gate)
        {
            _ending = true;
            foreach (Process p in _running)
            {
                try
                {
                    p.Kill(entireProcessTree: true);
                }
                catch (Exception e) when (e is InvalidOperationException or Win32Exception or AggregateException)
                {
                    // it has exited meanwhile
                }
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (PosixSignalRegistration s in _signals)
        {
            s.Dispose();
        }
    }
}
