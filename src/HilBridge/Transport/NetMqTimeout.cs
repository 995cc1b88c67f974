namespace HilBridge.Transport;

/// <summary>Timeouts as NetMQ can take them.</summary>
internal static class NetMqTimeout
{
    private static readonly TimeSpan Millisecond = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Zero for a timeout already past; at least 1 ms otherwise. NetMQ truncates a timeout to whole
    /// milliseconds, and a positive timeout that truncates to 0 blocks forever (seen with 0.25 ms).
    /// </summary>
    public static TimeSpan Of(TimeSpan timeout) => timeout <= TimeSpan.Zero ? TimeSpan.Zero : timeout < Millisecond ? Millisecond : timeout;
}
