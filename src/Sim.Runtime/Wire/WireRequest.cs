namespace Sim.Runtime.Wire;

/// <summary>
/// Where the rig's sensors send their own packets (docs/sensors/lidar-wire.md): over UDP to a
/// host, at the devices' rates in real time, and/or into a directory (a pcap capture of every
/// datagram, each Ouster's metadata JSON, each NMEA receiver's sentences).
/// </summary>
/// <param name="UdpHost">The host (IPv4 or IPv6 address, or a name) the datagrams go to, on the ports the rig gives; or null.</param>
/// <param name="Directory">The directory for sensors.pcap, NAME.json and NAME.nmea; or null.</param>
public sealed record WireRequest(string? UdpHost, string? Directory)
{
    /// <summary>The default UTC time of simulation time 0.</summary>
    public static readonly DateTimeOffset DefaultUtcStart = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>UTC at simulation time 0: the device clocks (Ouster PTP time, Velodyne time past the hour, NMEA time and date, capture times).</summary>
    public DateTimeOffset UtcStart { get; init; } = DefaultUtcStart;

    /// <summary>Simulated seconds per wall-clock second of the UDP pacing (a real-time HIL run's factor; 1 otherwise).</summary>
    public double RealTimeFactor { get; init; } = 1;

    /// <summary>The pcap file's name in <see cref="Directory"/>.</summary>
    public const string CaptureName = "sensors.pcap";
}
