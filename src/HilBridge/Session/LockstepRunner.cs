using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using HilBridge.Transport;
using SimCore.Simulation;

namespace HilBridge.Session;

/// <summary>
/// Runs a simulation in lockstep with a target after the handshake: for every step the Tick goes
/// out on the data stream (with the ego's state when the target asked for it), the simulator
/// waits for the target's Actuation answering that tick, applies it to the ego and advances.
/// Nothing is dropped; a late target is an error naming the tick. Sensor frames in ticks and CAN
/// actuation are not wired yet.
/// </summary>
public sealed class LockstepRunner
{
    private readonly ControlServer _control;
    private readonly FrameStreamSender _data;
    private readonly HelloReply _reply;
    private readonly TimeSpan _answerTimeout;

    /// <summary>Creates the runner for an accepted <paramref name="reply"/>.</summary>
    /// <exception cref="HilException">The target asked for CAN actuation, which is not wired yet.</exception>
    public LockstepRunner(ControlServer control, FrameStreamSender data, HelloReply reply, TimeSpan answerTimeout)
    {
        if (reply.Mode != ActuationMode.Command)
        {
            throw new HilException("the target asked for CAN actuation; this build applies command actuation (steering angle + acceleration) only");
        }
        (_control, _data, _reply, _answerTimeout) = (control, data, reply, answerTimeout);
    }

    /// <summary>Answers to ticks already answered or skipped (a target catching up), ignored.</summary>
    public long StaleAnswers { get; private set; }

    /// <summary>Answers to ticks not sent yet, ignored.</summary>
    public long FutureAnswers { get; private set; }

    /// <summary>Ticks exchanged.</summary>
    public ulong Ticks { get; private set; }

    /// <summary>Per tick: Stopwatch ticks from handing the Tick to the socket to having its answer decoded.</summary>
    public List<long> RoundTrips { get; } = new(4096);

    /// <summary>Runs <paramref name="sim"/> to its end with entity <paramref name="ego"/> driven by the target; sends EndOfRun.</summary>
    /// <exception cref="HilException">The target did not answer a tick in time, or refused.</exception>
    public RunResult Run(Simulator sim, int ego)
    {
        sim.UseExternalDriver(ego);
        var snapshots = new EntitySnapshot[sim.EntityCount];
        var noFrames = Array.Empty<FrameDescriptor>();
        var noPayloads = Array.Empty<byte[]>();
        try
        {
            do
            {
                long t = sim.Time.Nanoseconds;
                VehicleState? state = null;
                if (_reply.WantsVehicleState)
                {
                    sim.GetSnapshot(snapshots);
                    EntitySnapshot e = snapshots[ego];
                    state = new VehicleState(e.X, e.Y, e.Z, e.Heading, e.Pitch, 0, e.Speed, e.LateralVelocity, e.Acceleration, e.LateralAcceleration, e.YawRate, e.SteeringAngle);
                }
                long sent = System.Diagnostics.Stopwatch.GetTimestamp();
                _data.Send(WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.Tick, t, Ticks), new Tick(Ticks, noFrames, state)), noPayloads);
                Actuation a = AwaitAnswer(Ticks, t);
                RoundTrips.Add(System.Diagnostics.Stopwatch.GetTimestamp() - sent);
                sim.SetDemand(ego, a.SteeringAngle, a.Acceleration);
                Ticks++;
            }
            while (sim.Advance());
        }
        catch (HilException e)
        {
            _control.Send(MessageType.EndOfRun, sim.Time.Nanoseconds, new EndOfRun("error", e.Message, "{}"));
            throw;
        }
        RunResult result = sim.Result();
        _control.Send(MessageType.EndOfRun, sim.Time.Nanoseconds, new EndOfRun(result.Status == RunStatus.Pass ? "pass" : "fail", result.EndReason, "{}"));
        return result;
    }

    private Actuation AwaitAnswer(ulong tick, long timeNs)
    {
        DateTime until = DateTime.UtcNow + _answerTimeout;
        while (true)
        {
            TimeSpan left = until - DateTime.UtcNow;
            ReceivedMessage? m = left > TimeSpan.Zero ? _control.Receive(left) : null;
            switch (m?.Body)
            {
                case null:
                    throw new HilException($"target did not answer tick {tick} (t = {timeNs / 1e9:F3} s) within {_answerTimeout.TotalSeconds:G} s");
                case Actuation a when a.Tick == tick:
                    return a;
                case Actuation a when a.Tick < tick:
                    StaleAnswers++;
                    break;
                case Actuation:
                    FutureAnswers++;
                    break;
                case Refusal r:
                    throw new HilException($"target ended the session at tick {tick}: {r.Reason}");
                default:
                    break; // heartbeats and anything else that is not an answer
            }
        }
    }
}
