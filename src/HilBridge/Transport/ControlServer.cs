using HilBridge.Protocol;
using NetMQ;
using NetMQ.Sockets;

namespace HilBridge.Transport;

/// <summary>
/// The simulator's end of the control channel: a ZeroMQ ROUTER bound at an endpoint, talking to
/// one target (the first peer that speaks). Messages from other peers, and rejected ones, are
/// counted and dropped; a message of another protocol version is answered with a Refusal.
/// </summary>
public sealed class ControlServer : IDisposable
{
    private readonly RouterSocket _socket = new();
    private readonly ProtocolLimits _limits;
    private readonly long[] _rejected = new long[Enum.GetValues<RejectReason>().Length];
    private NetMQMessage? _message = new();
    private byte[]? _peer;
    private ulong _sequence;

    /// <summary>
    /// Binds <paramref name="endpoint"/> (e.g. tcp://127.0.0.1:5555), with CurveZMQ when <paramref name="curve"/>
    /// is given: then peers without the matching CURVE settings never get a message through.
    /// </summary>
    public ControlServer(string endpoint, ProtocolLimits? limits = null, CurveSecurity? curve = null)
        : this(limits, curve)
    {
        _socket.Bind(endpoint);
    }

    private ControlServer(ProtocolLimits? limits, CurveSecurity? curve)
    {
        _limits = limits ?? ProtocolLimits.Default;
        _socket.Options.Linger = TimeSpan.Zero;
        _socket.Options.MaxMsgSize = CurveSecurity.MaxMessageSize(_limits.MaxHeaderBytes + 64, curve);
        curve?.Apply(_socket);
    }

    /// <summary>Binds a random port on <paramref name="address"/>: for tests.</summary>
    public static (ControlServer Server, int Port) BindRandom(string address, ProtocolLimits? limits = null, CurveSecurity? curve = null)
    {
        var s = new ControlServer(limits, curve);
        return (s, s._socket.BindRandomPort(address));
    }

    /// <summary>Whether a target has spoken.</summary>
    public bool HasPeer => _peer is not null;

    /// <summary>Messages from the target rejected with <paramref name="reason"/>.</summary>
    public long Rejected(RejectReason reason) => _rejected[(int)reason];

    /// <summary>Messages from peers other than the target.</summary>
    public long Strangers { get; private set; }

    /// <summary>Sends a message to the target (requires <see cref="HasPeer"/>).</summary>
    public void Send(MessageType type, long timeNs, object body)
    {
        byte[] peer = _peer ?? throw new InvalidOperationException("no target has connected yet");
        SendTo(peer, WireCodec.Encode(new Envelope(WireCodec.Version, type, timeNs, _sequence++), body));
    }

    private void SendTo(byte[] peer, byte[] frame)
    {
        var m = new NetMQMessage(2);
        m.Append(peer);
        m.Append(frame);
        if (!_socket.TrySendMultipartMessage(TimeSpan.FromSeconds(1), m))
        {
            SendFailures++;
        }
    }

    /// <summary>Messages that could not be handed to the socket within 1 s (the target stopped reading).</summary>
    public long SendFailures { get; private set; }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the target's next valid message; null when none came.
    /// What has already arrived is read even when the time is up (a zero timeout polls): a caller
    /// that judges silence from a null must not miss messages that were waiting.
    /// </summary>
    public ReceivedMessage? Receive(TimeSpan timeout)
    {
        DateTime until = DateTime.UtcNow + timeout;
        while (true)
        {
            TimeSpan left = until - DateTime.UtcNow;
            if (!_socket.TryReceiveMultipartMessage(NetMqTimeout.Of(left), ref _message))
            {
                return null;
            }
            NetMQMessage m = _message!;
            byte[] from = m[0].ToByteArray();
            if (_peer is not null && !from.AsSpan().SequenceEqual(_peer))
            {
                Strangers++;
                continue;
            }
            if (m.FrameCount < 2)
            {
                _rejected[(int)RejectReason.Malformed]++;
                continue;
            }
            try
            {
                ReceivedMessage received = MultipartDecoder.Decode(m, 1, _limits);
                _peer ??= from;
                return received;
            }
            catch (ProtocolException e)
            {
                _rejected[(int)e.Reason]++;
                if (e.Reason == RejectReason.WrongVersion)
                {
                    SendTo(from, WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.Refusal, 0, _sequence++),
                        new Protocol.Messages.Refusal(e.Message, [WireCodec.Version])));
                }
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _socket.Dispose();
}
