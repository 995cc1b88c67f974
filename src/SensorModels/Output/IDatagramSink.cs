namespace SensorModels.Output;

/// <summary>Receives a sensor's own packets (UDP payloads) as the device would send them (docs/sensors/lidar-wire.md).</summary>
public interface IDatagramSink
{
    /// <summary>
    /// One datagram of <paramref name="sensor"/> to UDP port <paramref name="port"/>, sent at
    /// simulation time <paramref name="timeNs"/>; <paramref name="utcNs"/> is that time on the wire's
    /// UTC clock. The payload is valid only during the call.
    /// </summary>
    void Send(string sensor, int port, long timeNs, long utcNs, ReadOnlySpan<byte> payload);
}
