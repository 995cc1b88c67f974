using NetMQ;

namespace HilBridge.Transport;

/// <summary>
/// NetMQ writes to TCP on background threads: a socket closed with a linger still holds its last
/// messages there, and a process that returns from Main right after loses them. A simulator that
/// ends in a few milliseconds (the native AOT `sim`) lost its EndOfRun that way, and the target
/// waited out its timeout. At process exit this lets the lingering sockets finish, for at most
/// <see cref="Bound"/> (a socket never disposed must not hold the exit).
/// </summary>
internal static class PendingSendsAtExit
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);
    private static int _registered;

    /// <summary>Registers the exit hook once per process.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Drain();
        }
    }

    private static void Drain()
    {
        // The run's outcome and exit code are decided by now: a failure here must not change them.
        Task cleanup = Task.Run(() => NetMQConfig.Cleanup(block: true));
        try
        {
            cleanup.Wait(Bound);
        }
        catch (AggregateException)
        {
        }
    }
}
