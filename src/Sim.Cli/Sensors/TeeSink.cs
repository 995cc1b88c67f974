using SensorModels.Output;

namespace Sim.Cli.Sensors;

/// <summary>Hands every output to a first sink and, once set, a second one (a HIL target's tick buffer).</summary>
internal sealed class TeeSink(ISensorSink? first) : ISensorSink
{
    /// <summary>The second sink, or null.</summary>
    public ISensorSink? Second { get; set; }

    /// <inheritdoc/>
    public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload)
    {
        first?.Write(frame, payload);
        Second?.Write(frame, payload);
    }
}
