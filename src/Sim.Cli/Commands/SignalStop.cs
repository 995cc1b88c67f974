using System.Runtime.InteropServices;
using Sim.Runtime;

namespace Sim.Cli.Commands;

/// <summary>
/// SIGINT and SIGTERM during a HIL run: the first ends the session in order (the target gets
/// EndOfRun(error, "interrupted by SIGTERM") at once, the outputs are written up to then, exit 2);
/// a second one stops the process as usual. Runs without a target keep the default behaviour.
/// </summary>
internal sealed class SignalStop : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration[] _registrations;
    private RunSession? _session;
    private string? _signal;

    public SignalStop(bool enabled)
    {
        _registrations = enabled
            ? [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)]
            : [];
    }

    /// <summary>Cancelled at the first signal: a handshake still waiting ends.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>The session a signal interrupts from now on (one that came before it is passed on now).</summary>
    public void Attach(RunSession session)
    {
        Volatile.Write(ref _session, session);
        if (Volatile.Read(ref _signal) is { } signal)
        {
            session.Interrupt(Reason(signal));
        }
    }

    private void Handle(PosixSignalContext context)
    {
        string name = context.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";
        if (Interlocked.CompareExchange(ref _signal, name, null) is not null)
        {
            return; // the second signal: the default action, the process ends now
        }
        context.Cancel = true;
        _cancel.Cancel();
        Volatile.Read(ref _session)?.Interrupt(Reason(name));
    }

    private static string Reason(string signal) => "interrupted by " + signal;

    public void Dispose()
    {
        foreach (PosixSignalRegistration r in _registrations)
        {
            r.Dispose();
        }
        _cancel.Dispose();
    }
}
