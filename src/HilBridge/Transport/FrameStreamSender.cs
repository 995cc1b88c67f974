using NetMQ;
using NetMQ.Sockets;

namespace HilBridge.Transport;

/// <summary>
/// Sends multipart messages (frame 0 the MessagePack envelope, then raw payload frames) over a
/// ZeroMQ PUSH socket. Payload arrays are framed as they are, not copied into the envelope.
/// With a timeout (real time) a message the peer cannot take in time is dropped and counted;
/// without one (lockstep) the send waits.
/// </summary>
public sealed class FrameStreamSender : IDisposable
{
    private readonly PushSocket _socket = new();
    private readonly NetMQMessage _message = new();

    /// <summary>
    /// Binds (<paramref name="bind"/>) or connects to <paramref name="endpoint"/>; <paramref name="highWatermark"/> is the
    /// queue depth in messages. With <paramref name="curve"/> frames go only to peers that complete the CurveZMQ handshake.
    /// </summary>
    public FrameStreamSender(string endpoint, bool bind, int highWatermark = 8, CurveSecurity? curve = null)
        : this(highWatermark, curve)
    {
        if (bind)
        {
            _socket.Bind(endpoint);
        }
        else
        {
            _socket.Connect(endpoint);
        }
    }

    /// <summary>Binds a random port on <paramref name="address"/> (e.g. tcp://127.0.0.1) and returns it: for tests and benchmarks.</summary>
    public static (FrameStreamSender Sender, int Port) BindRandom(string address, int highWatermark = 8, CurveSecurity? curve = null)
    {
        var s = new FrameStreamSender(highWatermark, curve);
        int port = s._socket.BindRandomPort(address);
        return (s, port);
    }

    private FrameStreamSender(int highWatermark, CurveSecurity? curve)
    {
        _socket.Options.SendHighWatermark = highWatermark;
        _socket.Options.Linger = TimeSpan.Zero;
        curve?.Apply(_socket);
    }

    /// <summary>Messages sent.</summary>
    public long Sent { get; private set; }

    /// <summary>Messages dropped because the peer did not take them within the timeout.</summary>
    public long Dropped { get; private set; }

    /// <summary>Sends one message; returns false (and counts a drop) when <paramref name="timeout"/> passed first.</summary>
    public bool Send(byte[] envelope, IReadOnlyList<byte[]> payloads, TimeSpan? timeout = null)
    {
        _message.Clear();
        _message.Append(envelope);
        foreach (byte[] p in payloads)
        {
            _message.Append(p);
        }
        return Send(timeout);
    }

    private void Build(byte[] envelope, IReadOnlyList<(byte[] Buffer, int Length)> payloads)
    {
        _message.Clear();
        _message.Append(envelope);
        foreach ((byte[] buffer, int length) in payloads)
        {
            _message.Append(new NetMQFrame(buffer, length));
        }
    }

    /// <summary>
    /// Offers one message whose payloads are the first <c>Length</c> bytes of their arrays (which the
    /// socket references until they are on the wire) for up to <paramref name="timeout"/>; false when the
    /// peer did not take it, which is not counted as a drop: the caller tries again (lockstep waits in slices).
    /// </summary>
    public bool TrySendSlices(byte[] envelope, IReadOnlyList<(byte[] Buffer, int Length)> payloads, TimeSpan timeout)
    {
        Build(envelope, payloads);
        if (!_socket.TrySendMultipartMessage(NetMqTimeout.Of(timeout), _message))
        {
            return false;
        }
        Sent++;
        return true;
    }

    /// <summary>
    /// Sends one message whose payloads are pooled messages, or nothing when the peer cannot take it
    /// within <paramref name="timeout"/> (a drop, counted). Sent payloads are the socket's (left
    /// empty; their arrays go back to the pool once on the wire); unsent ones stay the caller's.
    /// </summary>
    internal bool SendPooled(ReadOnlySpan<byte> envelope, Span<Msg> payloads, TimeSpan timeout)
    {
        var head = new Msg();
        head.InitPool(envelope.Length);
        envelope.CopyTo(head.Slice());
        if (!_socket.TrySend(ref head, NetMqTimeout.Of(timeout), payloads.Length > 0))
        {
            head.Close();
            Dropped++;
            return false;
        }
        // The rest of a message whose first frame was taken is never refused (ZeroMQ's multipart atomicity).
        for (int i = 0; i < payloads.Length; i++)
        {
            _socket.Send(ref payloads[i], i < payloads.Length - 1);
        }
        Sent++;
        return true;
    }

    private bool Send(TimeSpan? timeout)
    {
        if (timeout is { } t)
        {
            if (!_socket.TrySendMultipartMessage(NetMqTimeout.Of(t), _message))
            {
                Dropped++;
                return false;
            }
        }
        else
        {
            _socket.SendMultipartMessage(_message);
        }
        Sent++;
        return true;
    }

    /// <inheritdoc/>
    public void Dispose() => _socket.Dispose();
}
