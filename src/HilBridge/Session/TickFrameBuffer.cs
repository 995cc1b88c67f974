using HilBridge.Protocol.Messages;
using HilBridge.Transport;
using NetMQ;
using SensorModels.Output;

namespace HilBridge.Session;

/// <summary>
/// Collects the sensor outputs of one tick for the streams the target asked for: a sink the rig
/// writes to, emptied when the tick goes out. Payloads are copied once (the rig's spans live only
/// during its call) and framed as they are, never into the MessagePack body: in lockstep into
/// arrays reused once the answer proves them delivered, in real time into pooled messages
/// (<see cref="PayloadBufferPool"/>) whose arrays the socket hands back once they are on the wire.
/// </summary>
public sealed class TickFrameBuffer : ISensorSink
{
    private readonly HashSet<string> _wanted;
    private readonly bool _reuse;
    private readonly Dictionary<string, Queue<byte[]>> _spare = new(StringComparer.Ordinal);
    private readonly List<FrameDescriptor> _frames = new();
    private readonly List<(byte[] Buffer, int Length)> _payloads = new();
    private Msg[] _messages = new Msg[8];
    private int _messageCount;

    /// <summary>Collects <paramref name="streams"/>.</summary>
    /// <param name="streams">Stream names the target asked for.</param>
    /// <param name="reuseBuffers">
    /// Reuse payload arrays after <see cref="Recycle"/>: only where every message of the previous
    /// tick is known to have reached the target (lockstep: its answer came back). ZeroMQ frames
    /// reference the array until the bytes are on the wire, so real time copies into pooled
    /// messages instead (<see cref="Messages"/>), which the socket returns to the pool.
    /// </param>
    public TickFrameBuffer(IEnumerable<string> streams, bool reuseBuffers)
    {
        _wanted = new HashSet<string>(streams, StringComparer.Ordinal);
        _reuse = reuseBuffers;
        if (!_reuse)
        {
            PayloadBufferPool.Install();
        }
    }

    /// <summary>Descriptors of the frames collected since the last <see cref="Recycle"/>.</summary>
    public IReadOnlyList<FrameDescriptor> Frames => _frames;

    /// <summary>Their payloads (array and length), in the order of <see cref="Frames"/> (lockstep; empty in real time).</summary>
    public IReadOnlyList<(byte[] Buffer, int Length)> Payloads => _payloads;

    /// <summary>
    /// Real time: the payloads as pooled messages, in the order of <see cref="Frames"/>. A send
    /// takes them (they are left empty); <see cref="Recycle"/> returns those a dropped tick left.
    /// </summary>
    internal Span<Msg> Messages => _messages.AsSpan(0, _messageCount);

    /// <inheritdoc/>
    public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload)
    {
        if (!_wanted.Contains(frame.Sensor))
        {
            return;
        }
        if (_reuse)
        {
            byte[] buffer = Rent(frame.Sensor, payload.Length);
            payload.CopyTo(buffer);
            _payloads.Add((buffer, payload.Length));
        }
        else
        {
            if (_messageCount == _messages.Length)
            {
                Array.Resize(ref _messages, 2 * _messages.Length);
            }
            ref Msg m = ref _messages[_messageCount++];
            m.InitPool(payload.Length);
            payload.CopyTo(m.Slice());
        }
        _frames.Add(new FrameDescriptor(frame, _frames.Count + 1));
    }

    /// <summary>Empties the buffer for the next tick (keeping the arrays when reusing).</summary>
    public void Recycle()
    {
        if (_reuse)
        {
            for (int i = 0; i < _frames.Count; i++)
            {
                if (!_spare.TryGetValue(_frames[i].Frame.Sensor, out Queue<byte[]>? q))
                {
                    _spare[_frames[i].Frame.Sensor] = q = new Queue<byte[]>();
                }
                q.Enqueue(_payloads[i].Buffer);
            }
        }
        for (int i = 0; i < _messageCount; i++)
        {
            if (_messages[i].IsInitialised)
            {
                _messages[i].Close(); // a dropped tick's: its array goes back to the pool
            }
        }
        _messageCount = 0;
        _frames.Clear();
        _payloads.Clear();
    }

    private byte[] Rent(string stream, int length)
    {
        if (_reuse && _spare.TryGetValue(stream, out Queue<byte[]>? q) && q.Count > 0)
        {
            byte[] b = q.Dequeue();
            if (b.Length >= length)
            {
                return b;
            }
        }
        return new byte[length];
    }
}
