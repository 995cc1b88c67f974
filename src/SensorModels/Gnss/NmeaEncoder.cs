using SensorModels.Output;

namespace SensorModels.Gnss;

/// <summary>
/// A GNSS sensor's <c>gnss.v1</c> solutions as NMEA 0183 (docs/sensors/imu-gnss.md): per solution
/// GGA, RMC and VTG, one UDP datagram each, stamped with the solution's time (its window's start:
/// the output time less the latency) on the UTC clock and sent at the output time. Keeps the last
/// RMC for a Velodyne's position packets.
/// </summary>
internal sealed class NmeaEncoder(string sensor, int port, long utcAtZeroNs)
{
    private readonly byte[] _sentence = new byte[NmeaSentences.MaxBytes + 32];
    private readonly byte[] _rmc = new byte[NmeaSentences.MaxBytes + 32];
    private int _rmcLength;

    /// <summary>The sensor's name.</summary>
    public string Sensor { get; } = sensor;

    /// <summary>UDP port (0: sentences only feed a Velodyne's position packets).</summary>
    public int Port { get; } = port;

    /// <summary>Sentences sent.</summary>
    public long Sentences { get; private set; }

    /// <summary>The last RMC sentence (empty before the first solution).</summary>
    public ReadOnlySpan<byte> LastRmc => _rmc.AsSpan(0, _rmcLength);

    /// <summary>Encodes and sends one <c>gnss.v1</c> payload.</summary>
    public void Add(in SensorFrame frame, ReadOnlySpan<byte> payload, IDatagramSink sink)
    {
        GnssSolution s = GnssSolution.Read(payload);
        long utc = utcAtZeroNs + frame.StartNanoseconds, sent = frame.EndNanoseconds, sentUtc = utcAtZeroNs + sent;
        int n = NmeaSentences.Gga(_sentence, s, utc);
        sink.Send(Sensor, Port, sent, sentUtc, _sentence.AsSpan(0, n));
        _rmcLength = NmeaSentences.Rmc(_rmc, s, utc);
        sink.Send(Sensor, Port, sent, sentUtc, LastRmc);
        n = NmeaSentences.Vtg(_sentence, s);
        sink.Send(Sensor, Port, sent, sentUtc, _sentence.AsSpan(0, n));
        Sentences += 3;
    }
}
