using System.Collections.Concurrent;
using System.Diagnostics;
using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using NetMQ;
using NetMQ.Monitoring;
using NetMQ.Sockets;

namespace HilBridge.Transport;

/// <summary>
/// The simulator's end of the control channel: a ZeroMQ ROUTER bound at an endpoint, talking to
/// one target (the first peer that speaks). The socket lives on its own I/O thread, so the
/// simulator's Heartbeats keep their period whatever the simulation is doing (computing a sensor
/// frame, writing outputs), and every message from the target is timestamped as it arrives.
/// Messages from other peers, and rejected ones, are counted and dropped. A message of another
/// protocol version from the target is answered with a Refusal, which ends the session: the next
/// <see cref="Receive"/> throws. After a Refusal or an EndOfRun nothing more is sent, and
/// <see cref="Dispose"/> waits (at most 2 s) for a still connected target to hang up, the sign that it has the whole message.
/// </summary>
public sealed class ControlServer : IDisposable
{
    /// <summary>Messages the I/O thread holds for the simulator before it drops the oldest Heartbeats and then counts the rest as unread.</summary>
    private const int InboxCapacity = 1024;

    /// <summary>How long <see cref="Dispose"/> waits, after the session's last message went out, for the target to hang up.</summary>
    private static readonly TimeSpan LastMessageDelivery = TimeSpan.FromSeconds(2);

    private static int _monitors;

    private readonly RouterSocket _socket = new();
    private readonly NetMQPoller _poller;
    private readonly NetMQQueue<Outgoing> _outbox = new();
    private readonly NetMQTimer _heartbeat = new(TimeSpan.FromSeconds(0.5)) { Enable = false };
    // A queue and a count rather than a BlockingCollection, whose timed take makes a linked
    // cancellation source per call: the real-time loop polls every tick.
    private readonly ConcurrentQueue<Incoming> _inbox = new();
    private readonly SemaphoreSlim _inboxCount = new(0);
    private readonly ProtocolLimits _limits;
    private readonly long[] _rejected = new long[Enum.GetValues<RejectReason>().Length];
    private NetMQMessage? _message = new();
    private byte[]? _peer;
    private ulong _sequence;
    private long _lastHeard;
    private long _lastTimeNs;
    private long _strangers;
    private long _sendFailures;
    private long _unread;
    private int _queuedHeartbeats;
    private volatile bool _closed;
    private volatile bool _lastMessageSent;
    private volatile int _connections;
    private readonly ManualResetEventSlim _targetLeft = new();
    private NetMQMonitor? _monitor;
    private bool _disposed;

    /// <summary>
    /// Binds <paramref name="endpoint"/> (e.g. tcp://127.0.0.1:5555), with CurveZMQ when <paramref name="curve"/>
    /// is given: then peers without the matching CURVE settings never get a message through.
    /// </summary>
    public ControlServer(string endpoint, ProtocolLimits? limits = null, CurveSecurity? curve = null)
        : this(limits, curve)
    {
        try
        {
            _socket.Bind(endpoint);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
        _poller = Start();
    }

    private ControlServer(ProtocolLimits? limits, CurveSecurity? curve)
    {
        PendingSendsAtExit.Register();
        _limits = limits ?? ProtocolLimits.Default;
        _socket.Options.Linger = TimeSpan.Zero;
        // Frames up to MaxControlFrameBytes are taken in and judged (a frame 0 over MaxHeaderBytes is
        // counted as oversized); only beyond that does the transport drop the connection unread.
        _socket.Options.MaxMsgSize = CurveSecurity.MaxMessageSize(Math.Max(_limits.MaxControlFrameBytes, _limits.MaxHeaderBytes + 64L), curve);
        _socket.Options.ReceiveHighWatermark = 64;
        curve?.Apply(_socket);
        _poller = null!;
    }

    private ControlServer(ProtocolLimits? limits, CurveSecurity? curve, string address, out int port)
        : this(limits, curve)
    {
        port = _socket.BindRandomPort(address);
        _poller = Start();
    }

    /// <summary>Binds a random port on <paramref name="address"/>: for tests.</summary>
    public static (ControlServer Server, int Port) BindRandom(string address, ProtocolLimits? limits = null, CurveSecurity? curve = null)
    {
        var s = new ControlServer(limits, curve, address, out int port);
        return (s, port);
    }

    private NetMQPoller Start()
    {
        _socket.ReceiveReady += (_, e) => ReadAll();
        _outbox.ReceiveReady += (_, e) =>
        {
            while (_outbox.TryDequeue(out Outgoing o, TimeSpan.Zero))
            {
                Transmit(o);
            }
        };
        _heartbeat.Elapsed += (_, _) =>
        {
            if (!_closed && _peer is not null)
            {
                Transmit(new Outgoing(OutgoingKind.Message, MessageType.Heartbeat, Volatile.Read(ref _lastTimeNs), Heartbeat.Instance));
            }
        };
        var poller = new NetMQPoller { _socket, _outbox, _heartbeat };
        // Connections counted on the poller thread, which also sends the last message.
        _monitor = new NetMQMonitor(_socket, $"inproc://hil-control-monitor-{Interlocked.Increment(ref _monitors)}", SocketEvents.Accepted | SocketEvents.Disconnected);
        _monitor.Accepted += (_, _) => _connections++;
        _monitor.Disconnected += (_, _) =>
        {
            if (--_connections <= 0 && _lastMessageSent)
            {
                _targetLeft.Set();
            }
        };
        _monitor.AttachToPoller(poller);
        poller.RunAsync("hil-control", isBackgroundThread: true);
        return poller;
    }

    /// <summary>Whether a target has spoken.</summary>
    public bool HasPeer => Volatile.Read(ref _peer) is not null;

    /// <summary>Messages from the target rejected with <paramref name="reason"/>.</summary>
    public long Rejected(RejectReason reason) => Interlocked.Read(ref _rejected[(int)reason]);

    /// <summary>Messages from peers other than the target.</summary>
    public long Strangers => Interlocked.Read(ref _strangers);

    /// <summary>Messages the socket would not take (the target stopped reading).</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>Valid messages dropped because the simulator had <see cref="InboxCapacity"/> unread ones (it was stalled; Heartbeats are dropped first).</summary>
    public long Unread => Interlocked.Read(ref _unread);

    /// <summary>TCP connections to the socket now (the target's, and any stranger's), as the socket's monitor last reported.</summary>
    internal int Connections => _connections;

    /// <summary>When the last valid message from the target arrived (Stopwatch timestamp), or 0 before any.</summary>
    public long LastHeard => Interlocked.Read(ref _lastHeard);

    /// <summary>True once a Refusal or an EndOfRun went out, in either direction the end of the session: nothing more is sent.</summary>
    public bool Closed => _closed;

    /// <summary>Sends a message to the target (requires <see cref="HasPeer"/>); thread-safe, in call order.</summary>
    public void Send(MessageType type, long timeNs, object body)
    {
        if (!HasPeer)
        {
            throw new InvalidOperationException("no target has connected yet");
        }
        Volatile.Write(ref _lastTimeNs, timeNs);
        _outbox.Enqueue(new Outgoing(OutgoingKind.Message, type, timeNs, body));
    }

    /// <summary>
    /// From now on sends a Heartbeat every <paramref name="interval"/>, whatever else is sent or done,
    /// until the session ends (a Refusal or an EndOfRun) or the server is disposed. Thread-safe.
    /// </summary>
    public void StartHeartbeats(TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), "the heartbeat interval must be positive");
        }
        _outbox.Enqueue(new Outgoing(OutgoingKind.StartHeartbeats, default, 0, interval));
    }

    /// <summary>Waits up to <paramref name="timeout"/> until everything sent before has been handed to the socket.</summary>
    public bool Flush(TimeSpan timeout)
    {
        using var done = new ManualResetEventSlim();
        _outbox.Enqueue(new Outgoing(OutgoingKind.Flush, default, 0, done));
        return done.Wait(timeout);
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the target's next valid message; null when none came.
    /// What has already arrived is returned even when the time is up (a zero timeout polls).
    /// </summary>
    /// <exception cref="ProtocolException">
    /// The target sent a message of another protocol version: it was answered with a Refusal and the
    /// session is over (reason <see cref="RejectReason.WrongVersion"/>).
    /// </exception>
    public ReceivedMessage? Receive(TimeSpan timeout)
    {
        double ms = Math.Ceiling(timeout.TotalMilliseconds);
        if (!_inboxCount.Wait(ms <= 0 ? 0 : ms >= int.MaxValue ? int.MaxValue : (int)ms) || !_inbox.TryDequeue(out Incoming x))
        {
            return null;
        }
        if (x.Refused is { } e)
        {
            throw e;
        }
        if (x.Message.Body is Heartbeat)
        {
            Interlocked.Decrement(ref _queuedHeartbeats);
        }
        return x.Message;
    }

    private void ReadAll()
    {
        while (_socket.TryReceiveMultipartMessage(TimeSpan.Zero, ref _message))
        {
            Judge(_message!);
        }
    }

    /// <summary>I/O thread: counts, answers or hands over one received message.</summary>
    private void Judge(NetMQMessage m)
    {
        byte[] from = m[0].ToByteArray();
        if (_peer is not null && !from.AsSpan().SequenceEqual(_peer))
        {
            Interlocked.Increment(ref _strangers);
            return;
        }
        if (m.FrameCount != 2)
        {
            // A control message is one frame after the peer's identity: extra frames (payloads) have no meaning here.
            Interlocked.Increment(ref _rejected[(int)RejectReason.Malformed]);
            return;
        }
        ReceivedMessage received;
        try
        {
            received = MultipartDecoder.Decode(m, 1, _limits);
        }
        catch (ProtocolException e)
        {
            Interlocked.Increment(ref _rejected[(int)e.Reason]);
            if (e.Reason == RejectReason.WrongVersion && !_closed)
            {
                // The first to speak owns the session even in another version: refused, and the session ends.
                Volatile.Write(ref _peer, from);
                string why = $"the target speaks another protocol version ({e.Message}): refused, the session ends";
                Transmit(new Outgoing(OutgoingKind.Message, MessageType.Refusal, Volatile.Read(ref _lastTimeNs), new Refusal(why, [WireCodec.Version])));
                Post(new Incoming(null!, new ProtocolException(RejectReason.WrongVersion, why, e)));
            }
            return;
        }
        if (_peer is null)
        {
            Volatile.Write(ref _peer, from);
        }
        Interlocked.Exchange(ref _lastHeard, Stopwatch.GetTimestamp());
        if (received.Body is Refusal)
        {
            // The target ended the session: nothing more goes to it.
            _closed = true;
            _heartbeat.Enable = false;
        }
        if (received.Body is Heartbeat)
        {
            // Proof of life is in LastHeard; a stalled simulator need not read a backlog of them.
            if (Volatile.Read(ref _queuedHeartbeats) >= 4)
            {
                return;
            }
            Interlocked.Increment(ref _queuedHeartbeats);
        }
        Post(new Incoming(received, null));
    }

    private void Post(Incoming x)
    {
        if (_inbox.Count >= InboxCapacity && x.Refused is null)
        {
            Interlocked.Increment(ref _unread);
            if (x.Message.Body is Heartbeat)
            {
                Interlocked.Decrement(ref _queuedHeartbeats);
            }
            return;
        }
        _inbox.Enqueue(x);
        _inboxCount.Release();
    }

    /// <summary>I/O thread: one outgoing item.</summary>
    private void Transmit(Outgoing o)
    {
        switch (o.Kind)
        {
            case OutgoingKind.StartHeartbeats:
                _heartbeat.Interval = (int)Math.Max(1, ((TimeSpan)o.Body).TotalMilliseconds);
                _heartbeat.Enable = !_closed;
                return;
            case OutgoingKind.Flush:
                ((ManualResetEventSlim)o.Body).Set();
                return;
        }
        if (_closed || _peer is null)
        {
            return;
        }
        byte[] frame = WireCodec.Encode(new Envelope(WireCodec.Version, o.Type, o.TimeNs, _sequence++), o.Body);
        var m = new NetMQMessage(2);
        m.Append(_peer);
        m.Append(frame);
        // A ROUTER never blocks: a message for a peer that is gone, or whose queue is full, is dropped.
        bool sent = _socket.TrySendMultipartMessage(TimeSpan.Zero, m);
        if (!sent)
        {
            Interlocked.Increment(ref _sendFailures);
        }
        if (o.Type is MessageType.Refusal or MessageType.EndOfRun)
        {
            _lastMessageSent = sent;
            _closed = true;
            _heartbeat.Enable = false;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        // What was sent goes out before the socket closes (an EndOfRun sent just before must reach the target).
        Flush(TimeSpan.FromSeconds(1));
        if (_lastMessageSent && _connections > 0)
        {
            // NetMQ's I/O thread writes a message to TCP in 8 KB batches, and closing the socket ends the
            // connection even in the middle of one: a full rig's 12 KB EndOfRun reached the target cut
            // after 8 KB (5 of 28 recorded runs). The target hangs up once it has it; wait for that.
            // A target already gone (lost, killed) has nothing to wait for.
            _targetLeft.Wait(LastMessageDelivery);
        }
        _monitor?.Dispose();
        _poller.Dispose();
        _socket.Options.Linger = TimeSpan.FromMilliseconds(500);
        _socket.Dispose();
        _outbox.Dispose();
        _inboxCount.Dispose();
        _targetLeft.Dispose();
    }

    private enum OutgoingKind
    {
        Message,
        StartHeartbeats,
        Flush,
    }

    private readonly record struct Outgoing(OutgoingKind Kind, MessageType Type, long TimeNs, object Body);

    private readonly record struct Incoming(ReceivedMessage Message, ProtocolException? Refused);
}
