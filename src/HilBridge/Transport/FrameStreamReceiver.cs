using HilBridge.Protocol;
using NetMQ;
using NetMQ.Sockets;

namespace HilBridge.Transport;

/// <summary>
/// Receives multipart messages from a ZeroMQ PULL socket and decodes frame 0 with <see cref="WireCodec"/>.
/// Rejected messages are counted by reason and skipped, never thrown at the caller.
/// </summary>
public sealed class FrameStreamReceiver : IDisposable
{
    private readonly PullSocket _socket = new();
    private readonly ProtocolLimits _limits;
    private NetMQMessage? _message = new();
    private readonly long[] _rejected = new long[Enum.GetValues<RejectReason>().Length];

    /// <summary>Connects (or binds) to <paramref name="endpoint"/>, with CurveZMQ when <paramref name="curve"/> is given (it must match the sender's).</summary>
    public FrameStreamReceiver(string endpoint, bool bind, ProtocolLimits? limits = null, int highWatermark = 8, CurveSecurity? curve = null)
    {
        _limits = limits ?? ProtocolLimits.Default;
        _socket.Options.ReceiveHighWatermark = highWatermark;
        _socket.Options.Linger = TimeSpan.Zero;
        _socket.Options.MaxMsgSize = CurveSecurity.MaxMessageSize(_limits.MaxPayloadBytes, curve);
        curve?.Apply(_socket);
        if (bind)
        {
            _socket.Bind(endpoint);
        }
        else
        {
            _socket.Connect(endpoint);
        }
    }

    /// <summary>Messages rejected with <paramref name="reason"/>.</summary>
    public long Rejected(RejectReason reason) => _rejected[(int)reason];

    /// <summary>Waits up to <paramref name="timeout"/> for a valid message; null when none came (rejected ones are counted).</summary>
    public ReceivedMessage? Receive(TimeSpan timeout)
    {
        DateTime until = DateTime.UtcNow + timeout;
        while (true)
        {
            TimeSpan left = until - DateTime.UtcNow;
            if (left < TimeSpan.Zero || !_socket.TryReceiveMultipartMessage(NetMqTimeout.Of(left), ref _message))
            {
                return null;
            }
            try
            {
                return MultipartDecoder.Decode(_message!, 0, _limits);
            }
            catch (ProtocolException e)
            {
                _rejected[(int)e.Reason]++;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _socket.Dispose();
}
