using HilBridge.Protocol.Messages;
using HilBridge.Session;
using HilBridge.Transport;
using NetMQ;
using SimCore.Diagnostics;

namespace Sim.Runtime.Hil;

/// <summary>The simulator's two sockets for a target (`sim run --target`, `sim replay --target`).</summary>
internal static class HilListener
{
    /// <summary>Binds the control channel and the data stream, with CurveZMQ when keys are given.</summary>
    /// <exception cref="InputException">Bad key files, or the ports cannot be bound.</exception>
    public static (ControlServer Control, FrameStreamSender Data, bool Encrypted) Open(HilTargetOptions o)
    {
        CurveSecurity? curve = CurveSettings.From(o.CurveSecret, o.TargetKey, "--target-key");
        ControlServer? control = null;
        try
        {
            control = new ControlServer(o.Endpoint.Control, null, curve);
            return (control, new FrameStreamSender(o.Endpoint.Data, bind: true, curve: curve), curve is not null);
        }
        catch (NetMQException e)
        {
            control?.Dispose();
            throw new InputException(new SourceLocation("--target", 0, 0), $"cannot listen on {o.Endpoint.Control} and {o.Endpoint.Data}: {e.Message}");
        }
    }

    /// <summary>Waits for a target and runs the handshake, saying on <paramref name="log"/> what it waits for and who came.</summary>
    /// <exception cref="HilException">No target in time, or it refused.</exception>
    public static HelloReply Accept(ControlServer control, Hello hello, HilTargetOptions o, bool encrypted, TextWriter? log, CancellationToken cancel = default)
    {
        log?.WriteLine($"waiting for a target: control {o.Endpoint.Control}, data {o.Endpoint.Data}{(encrypted ? " (CurveZMQ)" : "")}");
        HelloReply reply = Handshake.Accept(control, hello, o.Endpoint.Control, o.ConnectTimeout, o.HelloTimeout, o.Run.HeartbeatInterval, cancel);
        log?.WriteLine($"target '{reply.TargetName}' {reply.TargetVersion} connected: {(reply.Mode == ActuationMode.Can ? "CAN" : "command")} actuation, streams [{string.Join(", ", reply.Streams)}]");
        return reply;
    }
}
