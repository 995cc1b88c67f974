using System.Runtime.InteropServices;

namespace Sim.Runtime.Recording;

/// <summary>
/// Lowers the calling thread's scheduling priority (Linux: its own nice value, which the kernel keeps
/// per thread) so that work that may lag, as the recording writer behind its queue, yields the cores
/// to the simulation, the sensors and a HIL target on the same machine. .NET's Thread.Priority does
/// not reach the Linux scheduler. Failure (another system) changes nothing.
/// </summary>
internal static partial class BackgroundPriority
{
    private const int PrioProcess = 0;
    private const int SchedIdle = 5;

    /// <summary>Adds <paramref name="nice"/> (1 to 19) to the calling thread's nice value.</summary>
    public static void LowerCurrentThread(int nice)
    {
        if (OperatingSystem.IsLinux())
        {
            int tid = gettid();
            _ = setpriority(PrioProcess, tid, Math.Min(19, getpriority(PrioProcess, tid) + nice));
        }
    }

    /// <summary>
    /// Puts the calling thread in Linux's SCHED_IDLE class: it runs only on a core nothing else wants,
    /// and a waking thread of the normal class takes its core at once (a nice value only shrinks its
    /// share). False where that is refused or not Linux.
    /// </summary>
    public static bool IdleCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        int priority = 0; // struct sched_param { int sched_priority; }: 0 for SCHED_IDLE
        return sched_setscheduler(0, SchedIdle, ref priority) == 0;
    }

    /// <summary>True when the calling thread is in the SCHED_IDLE class (Linux).</summary>
    public static bool CurrentThreadIsIdle() => OperatingSystem.IsLinux() && sched_getscheduler(0) == SchedIdle;

    /// <summary>The calling thread's nice value (Linux), or 0.</summary>
    public static int CurrentThreadNice() => OperatingSystem.IsLinux() ? getpriority(PrioProcess, gettid()) : 0;

    [LibraryImport("libc")]
    private static partial int gettid();

    [LibraryImport("libc")]
    private static partial int setpriority(int which, int who, int priority);

    [LibraryImport("libc")]
    private static partial int getpriority(int which, int who);

    [LibraryImport("libc")]
    private static partial int sched_setscheduler(int pid, int policy, ref int param);

    [LibraryImport("libc")]
    private static partial int sched_getscheduler(int pid);
}
