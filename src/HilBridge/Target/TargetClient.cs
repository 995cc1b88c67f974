using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using HilBridge.Session;
using HilBridge.Transport;

namespace HilBridge.Target;

/// <summary>
/// What a C# target program uses: connect to the simulator's control channel and data stream,
/// hand over its <see cref="HelloReply"/>, then take ticks and answer them until the run ends.
/// </summary>
/// <example>
/// <code>
/// using var target = TargetClient.Connect("tcp://127.0.0.1:5555", "tcp://127.0.0.1:5556",
///     hello => new HelloReply("my-stack", "1.0", [], ActuationMode.Command, WantsVehicleState: true), TimeSpan.FromSeconds(30));
/// while (target.NextTick(TimeSpan.FromSeconds(5)) is { } tick)
/// {
///     target.Answer(tick, steeringAngle: 0, acceleration: 0.8 * (25 - tick.Vehicle!.Speed));
/// }
/// Console.WriteLine(target.End!.Status);
/// </code>
/// </example>
public sealed class TargetClient : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private readonly ControlClient _control;
    private readonly FrameStreamReceiver _frames;

    private readonly Dictionary<string, string> _types;

    private TargetClient(ControlClient control, FrameStreamReceiver frames, Hello hello)
    {
        (_control, _frames, Hello) = (control, frames, hello);
        _types = hello.Sensors.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Type, StringComparer.Ordinal);
    }

    /// <summary>The tick with each frame's sensor type from the Hello's manifest (the wire does not repeat it).</summary>
    private Tick WithTypes(Tick t)
    {
        if (t.Frames.Count == 0)
        {
            return t;
        }
        var frames = new FrameDescriptor[t.Frames.Count];
        for (int i = 0; i < frames.Length; i++)
        {
            FrameDescriptor f = t.Frames[i];
            frames[i] = f with { Frame = f.Frame with { Type = _types.GetValueOrDefault(f.Frame.Sensor, "") } };
        }
        return t with { Frames = frames };
    }

    /// <summary>Connects both sockets and runs the handshake.</summary>
    /// <exception cref="HilException">No Hello in time, or a refusal.</exception>
    /// <param name="controlEndpoint">The simulator's control channel (tcp://HOST:PORT).</param>
    /// <param name="dataEndpoint">Its data stream (PORT+1).</param>
    /// <param name="answer">Makes the reply to the simulator's Hello; a <see cref="HilException"/> from it refuses the session.</param>
    /// <param name="timeout">How long to wait for the Hello.</param>
    /// <param name="curve">CurveZMQ settings matching the simulator's (docs/hil-security.md), or null for plain TCP.</param>
    public static TargetClient Connect(string controlEndpoint, string dataEndpoint, Func<Hello, HelloReply> answer, TimeSpan timeout, CurveSecurity? curve = null)
    {
        var control = new ControlClient(controlEndpoint, null, curve);
        var frames = new FrameStreamReceiver(dataEndpoint, bind: false, curve: curve);
        try
        {
            return new TargetClient(control, frames, Handshake.Connect(control, answer, timeout));
        }
        catch
        {
            control.Dispose();
            frames.Dispose();
            throw;
        }
    }

    /// <summary>The simulator's Hello: scenario, step, sensor manifest, DBC.</summary>
    public Hello Hello { get; }

    /// <summary>The simulator's EndOfRun, once <see cref="NextTick"/> has returned null.</summary>
    public EndOfRun? End { get; private set; }

    /// <summary>The bytes of <paramref name="frame"/>, a descriptor of the last tick (docs/sensors/*.md give the layout per format).</summary>
    public ReadOnlySpan<byte> Payload(FrameDescriptor frame) => Payloads[frame.PayloadFrame - 1];

    /// <summary>The payload frames of the last tick (frame descriptors point into it, 1-based).</summary>
    public IReadOnlyList<byte[]> Payloads { get; private set; } = [];

    private long _tickTime;

    /// <summary>Simulation time of the last tick (ns).</summary>
    public long TickTimeNs => _tickTime;

    /// <summary>
    /// Waits for the next tick; null when the run has ended (see <see cref="End"/>). While it
    /// waits it sends a Heartbeat every <see cref="HeartbeatInterval"/>, so the simulator knows the
    /// target is alive.
    /// </summary>
    /// <exception cref="HilException">Nothing from the simulator (tick, heartbeat or end) within <paramref name="timeout"/>.</exception>
    public Tick? NextTick(TimeSpan timeout)
    {
        DateTime until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_frames.Receive(Poll) is { Body: Tick t } m)
            {
                (_tickTime, Payloads) = (m.Envelope.TimeNs, m.Payloads);
                return WithTypes(t);
            }
            while (_control.Receive(TimeSpan.Zero) is { } c)
            {
                switch (c.Body)
                {
                    case EndOfRun end:
                        End = end;
                        return null;
                    case Refusal r:
                        throw new HilException($"simulator ended the session: {r.Reason}");
                    default:
                        until = DateTime.UtcNow + timeout; // a heartbeat: the simulator is alive, only busy
                        break;
                }
            }
            if (DateTime.UtcNow - _lastSent >= HeartbeatInterval)
            {
                Heartbeat();
            }
        }
        throw new HilException(FormattableString.Invariant($"no tick and no end of run from the simulator within {timeout.TotalSeconds:G} s"));
    }

    /// <summary>How often <see cref="NextTick"/> sends a Heartbeat while it waits.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Tells the simulator the target is alive: call it at least every second while computing a long answer.</summary>
    public void Heartbeat() => Send(MessageType.Heartbeat, Protocol.Messages.Heartbeat.Instance);

    /// <summary>
    /// Answers <paramref name="tick"/> with a command actuation (road-wheel angle in rad, acceleration in m/s^2),
    /// optionally what was perceived, named debug values and the trajectory planned from this tick (scored in open-loop replay).
    /// </summary>
    public void Answer(Tick tick, double steeringAngle, double acceleration, IReadOnlyList<PerceivedObject>? objects = null, IReadOnlyList<KeyValuePair<string, double>>? debug = null,
        IReadOnlyList<PlannedPose>? plan = null)
        => Send(MessageType.Actuation, new Actuation(tick.Index, ActuationMode.Command, steeringAngle, acceleration, [], objects, debug, plan));

    /// <summary>Answers <paramref name="tick"/> with CAN frames per the Hello's DBC.</summary>
    public void AnswerCan(Tick tick, IReadOnlyList<CanFrame> frames, IReadOnlyList<PerceivedObject>? objects = null, IReadOnlyList<KeyValuePair<string, double>>? debug = null)
        => Send(MessageType.Actuation, new Actuation(tick.Index, ActuationMode.Can, 0, 0, frames, objects, debug));

    private DateTime _lastSent = DateTime.UtcNow;

    private void Send(MessageType type, object body)
    {
        _control.Send(type, _tickTime, body);
        _lastSent = DateTime.UtcNow;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _control.Dispose();
        _frames.Dispose();
    }
}
