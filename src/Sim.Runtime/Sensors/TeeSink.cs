using SensorModels.Output;

namespace Sim.Runtime.Sensors;

/// <summary>Hands every output to a first sink and then to any added ones (a HIL target's tick buffer, a recording).</summary>
internal sealed class TeeSink(ISensorSink? first) : ISensorSink
{
    private readonly List<ISensorSink> _more = new();

    /// <summary>Adds a destination.</summary>
    public void Add(ISensorSink sink) => _more.Add(sink);

    /// <inheritdoc/>
    public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload)
    {
        first?.Write(frame, payload);
        foreach (ISensorSink s in _more)
        {
            s.Write(frame, payload);
        }
    }
}
