using SensorModels.Can;

namespace Sim.Runtime.Import;

/// <summary>
/// The frames of one CAN bus within one tick, gathered into one <c>can.v1</c> output (each frame
/// keeps its own timestamp); the output is written when a frame of a later tick arrives.
/// </summary>
internal sealed class CanBatch
{
    private byte[] _payload = new byte[4096];
    private int _length = CanPayload.HeaderSize;

    /// <summary>Frames held.</summary>
    public int Count { get; private set; }

    private long _first, _last;

    /// <summary>Adds a frame at <paramref name="t"/> (recording time), first writing the held frames to <paramref name="stream"/> when it belongs to a later tick.</summary>
    public void Add(ImportWriter w, string stream, long stepNs, long t, uint id, bool extended, ReadOnlySpan<byte> data)
    {
        if (Count > 0 && Tick(t, stepNs) != Tick(_last, stepNs))
        {
            Flush(w, stream);
        }
        if (_length + CanPayload.RecordHeaderSize + data.Length > _payload.Length)
        {
            Array.Resize(ref _payload, _payload.Length * 2);
        }
        _length = CanPayload.WriteRecord(_payload, _length, t, id, extended, data.Length > 8, data);
        _first = Count == 0 ? t : _first;
        _last = t;
        Count++;
    }

    /// <summary>Writes the held frames as one output.</summary>
    public void Flush(ImportWriter w, string stream)
    {
        if (Count == 0)
        {
            return;
        }
        CanPayload.WriteCount(_payload, Count);
        w.Output(stream, _first, _last, _payload.AsSpan(0, _length));
        (_length, Count) = (CanPayload.HeaderSize, 0);
    }

    /// <summary>The tick a time belongs to: (k - 1) step &lt; t &lt;= k step, everything before 0 in tick 0.</summary>
    private static long Tick(long t, long step) => t <= 0 ? 0 : (t - 1) / step + 1;
}
