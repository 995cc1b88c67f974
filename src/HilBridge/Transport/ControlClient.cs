using HilBridge.Protocol;
using NetMQ;
using NetMQ.Sockets;

namespace HilBridge.Transport;

/// <summary>The target's end of the control channel: a ZeroMQ DEALER connected to the simulator's ROUTER.</summary>
public sealed class ControlClient : IDisposable
{
    private readonly DealerSocket _socket = new();
    private readonly ProtocolLimits _limits;
    private NetMQMessage? _message = new();
    private ulong _sequence;

    /// <summary>Connects to <paramref name="endpoint"/>, with CurveZMQ when <paramref name="curve"/> is given (it must match the simulator's).</summary>
    public ControlClient(string endpoint, ProtocolLimits? limits = null, CurveSecurity? curve = null)
    {
        _limits = limits ?? ProtocolLimits.Default;
        _socket.Options.Linger = TimeSpan.Zero;
        curve?.Apply(_socket);
        _socket.Connect(endpoint);
    }

    /// <summary>Sends a message with this side's next sequence number.</summary>
    public void Send(MessageType type, long timeNs, object body)
        => SendRaw(WireCodec.Encode(new Envelope(WireCodec.Version, type, timeNs, _sequence++), body));

    /// <summary>Sends frame 0 as given (tests send other versions and garbage with it).</summary>
    public void SendRaw(byte[] frame) => _socket.TrySendFrame(TimeSpan.FromSeconds(1), frame);

    /// <summary>Waits up to <paramref name="timeout"/> for a message; rejected ones throw (a target should stop on them).</summary>
    public ReceivedMessage? Receive(TimeSpan timeout)
    {
        if (!_socket.TryReceiveMultipartMessage(NetMqTimeout.Of(timeout), ref _message))
        {
            return null;
        }
        return MultipartDecoder.Decode(_message!, 0, _limits);
    }

    /// <inheritdoc/>
    public void Dispose() => _socket.Dispose();
}
