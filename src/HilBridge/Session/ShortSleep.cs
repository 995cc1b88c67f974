using System.Runtime.InteropServices;

namespace HilBridge.Session;

/// <summary>
/// Sleeps of tens of microseconds, for the last moments before a real-time tick: .NET's sleeps and
/// NetMQ's waits are whole milliseconds, and spinning instead kept a core busy for 1.5 ms of every
/// 10 ms tick, CPU a two-core HIL bench needs for the sensors and the target. Linux: clock_nanosleep
/// on the monotonic clock (woken within the kernel's 50 us timer slack); elsewhere a short spin.
/// </summary>
internal static partial class ShortSleep
{
    private const int ClockMonotonic = 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>Sleeps about <paramref name="microseconds"/> (under one second).</summary>
    public static void For(int microseconds)
    {
        if (OperatingSystem.IsLinux())
        {
            var t = new Timespec { Seconds = 0, Nanoseconds = microseconds * 1000L };
            _ = clock_nanosleep(ClockMonotonic, 0, ref t, IntPtr.Zero);
        }
        else
        {
            Thread.SpinWait(20);
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int clock_nanosleep(int clock, int flags, ref Timespec request, IntPtr remaining);
}
