using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using HilBridge.Transport;

namespace HilBridge.Session;

/// <summary>
/// The opening exchange (docs/hil-protocol.md): the target connects and sends a Heartbeat, the
/// simulator answers with its Hello, the target with a HelloReply (or a Refusal). Each side
/// refuses what it cannot serve and says why.
/// </summary>
public static class Handshake
{
    /// <summary>How often the simulator sends Heartbeats from its Hello on, unless a run sets another period.</summary>
    public static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromSeconds(0.5);

    /// <summary>
    /// Simulator side: waits up to <paramref name="connectTimeout"/> for a target, sends
    /// <paramref name="hello"/> (and from then on a Heartbeat every <paramref name="heartbeatInterval"/>,
    /// 0.5 s by default), and returns the target's accepted reply. Whatever the simulator cannot
    /// serve is answered with a Refusal, which ends the session.
    /// </summary>
    /// <exception cref="HilException">No target, a refusal (either way), a reply the simulator refuses, no reply in time, or <paramref name="cancel"/>.</exception>
    public static HelloReply Accept(ControlServer server, Hello hello, string endpoint, TimeSpan connectTimeout, TimeSpan replyTimeout,
        TimeSpan? heartbeatInterval = null, CancellationToken cancel = default)
    {
        if (Next(server, DateTime.UtcNow + connectTimeout, cancel) is null)
        {
            throw new HilException(FormattableString.Invariant($"no target connected to {endpoint} within {connectTimeout.TotalSeconds:G} s"));
        }
        server.Send(MessageType.Hello, 0, hello);
        server.StartHeartbeats(heartbeatInterval ?? DefaultHeartbeatInterval);
        DateTime until = DateTime.UtcNow + replyTimeout;
        while (Next(server, until, cancel) is { } m)
        {
            switch (m.Body)
            {
                case Heartbeat:
                    continue;
                case Refusal r:
                    throw new HilException($"target refused the session: {r.Reason}");
                case HelloReply reply:
                    string? unknown = reply.Streams.FirstOrDefault(s => !hello.Sensors.Any(e => e.Name == s));
                    if (unknown is not null)
                    {
                        throw Refuse(server, $"stream '{unknown}' is not in the sensor manifest ({string.Join(", ", hello.Sensors.Select(e => e.Name))})");
                    }
                    if (reply.Mode == ActuationMode.Can && hello.Dbc is null)
                    {
                        throw Refuse(server, "CAN actuation (actuation_mode 1) needs a CAN bus, and this rig has none (the Hello's dbc is nil): answer with command actuation (0)");
                    }
                    return reply;
                default:
                    throw Refuse(server, $"a {m.Envelope.Type} where a HelloReply (or a Refusal) was expected");
            }
        }
        throw new HilException(FormattableString.Invariant($"target at {endpoint} did not answer the Hello within {replyTimeout.TotalSeconds:G} s"));
    }

    /// <summary>Sends the Refusal that ends the session, and returns the error for the simulator.</summary>
    private static HilException Refuse(ControlServer server, string why)
    {
        server.Send(MessageType.Refusal, 0, new Refusal(why, [WireCodec.Version]));
        return new HilException("refused the target: " + why);
    }

    /// <summary>The next message before <paramref name="until"/>, waking every 100 ms for <paramref name="cancel"/>; null at the time.</summary>
    private static ReceivedMessage? Next(ControlServer server, DateTime until, CancellationToken cancel)
    {
        while (true)
        {
            if (cancel.IsCancellationRequested)
            {
                throw new HilException("interrupted while waiting for the target");
            }
            TimeSpan left = until - DateTime.UtcNow;
            ReceivedMessage? m;
            try
            {
                m = server.Receive(left < Slice ? left : Slice);
            }
            catch (ProtocolException e)
            {
                throw new HilException(e.Message);
            }
            if (m is not null)
            {
                return m;
            }
            if (DateTime.UtcNow >= until)
            {
                return null;
            }
        }
    }

    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Target side: announces itself, waits for the simulator's Hello, and answers with
    /// <paramref name="answer"/>'s reply (a <see cref="HilException"/> from it is sent as a Refusal). Returns the Hello.
    /// </summary>
    /// <exception cref="HilException">No Hello in time, a refusal, or a simulator that does not speak this version.</exception>
    public static Hello Connect(ControlClient client, Func<Hello, HelloReply> answer, TimeSpan timeout)
    {
        client.Send(MessageType.Heartbeat, 0, Heartbeat.Instance);
        ReceivedMessage m = client.Receive(timeout) ?? throw new HilException(FormattableString.Invariant($"no Hello from the simulator within {timeout.TotalSeconds:G} s"));
        switch (m.Body)
        {
            case Refusal r:
                throw new HilException($"simulator refused the session: {r.Reason}");
            case Hello hello:
                if (!hello.SupportedVersions.Contains(WireCodec.Version))
                {
                    string why = $"this target speaks protocol version {WireCodec.Version}, the simulator {string.Join(", ", hello.SupportedVersions)}";
                    client.Send(MessageType.Refusal, 0, new Refusal(why, [WireCodec.Version]));
                    throw new HilException(why);
                }
                HelloReply reply;
                try
                {
                    reply = answer(hello);
                }
                catch (HilException e)
                {
                    // The target cannot serve this session (wrong scenario, a stream it needs is missing): say so.
                    client.Send(MessageType.Refusal, 0, new Refusal(e.Message, [WireCodec.Version]));
                    throw;
                }
                client.Send(MessageType.HelloReply, 0, reply);
                return hello;
            default:
                throw new HilException($"simulator sent {m.Envelope.Type} where a Hello was expected");
        }
    }
}
