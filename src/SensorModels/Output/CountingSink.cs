namespace SensorModels.Output;

/// <summary>Counts outputs and bytes per sensor (the run summary), and passes them on.</summary>
public sealed class CountingSink : ISensorSink
{
    private readonly ISensorSink? _next;
    private readonly SortedDictionary<string, (long Frames, long Bytes)> _counts = new(StringComparer.Ordinal);

    /// <summary>Creates a counter in front of <paramref name="next"/> (or alone).</summary>
    public CountingSink(ISensorSink? next = null) => _next = next;

    /// <summary>Frames and payload bytes per sensor, by name.</summary>
    public IReadOnlyDictionary<string, (long Frames, long Bytes)> Counts => _counts;

    /// <inheritdoc />
    public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload)
    {
        _counts.TryGetValue(frame.Sensor, out (long Frames, long Bytes) c);
        _counts[frame.Sensor] = (c.Frames + 1, c.Bytes + payload.Length);
        _next?.Write(frame, payload);
    }
}
