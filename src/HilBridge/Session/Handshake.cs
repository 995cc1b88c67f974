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
    /// <summary>
    /// Simulator side: waits up to <paramref name="connectTimeout"/> for a target, sends
    /// <paramref name="hello"/>, and returns the target's accepted reply.
    /// </summary>
    /// <exception cref="HilException">No target, a refusal, a reply naming unknown streams, or no reply in time.</exception>
    public static HelloReply Accept(ControlServer server, Hello hello, string endpoint, TimeSpan connectTimeout, TimeSpan replyTimeout)
    {
        if (server.Receive(connectTimeout) is null)
        {
            throw new HilException(FormattableString.Invariant($"no target connected to {endpoint} within {connectTimeout.TotalSeconds:G} s"));
        }
        server.Send(MessageType.Hello, 0, hello);
        DateTime until = DateTime.UtcNow + replyTimeout;
        while (DateTime.UtcNow < until)
        {
            ReceivedMessage? m = server.Receive(until - DateTime.UtcNow);
            switch (m?.Body)
            {
                case null:
                case Heartbeat:
                    continue;
                case Refusal r:
                    throw new HilException($"target refused the session: {r.Reason}");
                case HelloReply reply:
                    string? unknown = reply.Streams.FirstOrDefault(s => !hello.Sensors.Any(e => e.Name == s));
                    if (unknown is not null)
                    {
                        string why = $"stream '{unknown}' is not in the sensor manifest ({string.Join(", ", hello.Sensors.Select(e => e.Name))})";
                        server.Send(MessageType.Refusal, 0, new Refusal(why, [WireCodec.Version]));
                        throw new HilException("target asked for " + why);
                    }
                    return reply;
                default:
                    throw new HilException($"target sent {m.Envelope.Type} where a HelloReply was expected");
            }
        }
        throw new HilException(FormattableString.Invariant($"target at {endpoint} did not answer the Hello within {replyTimeout.TotalSeconds:G} s"));
    }

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
