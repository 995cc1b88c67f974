using System.CommandLine;
using HilBridge.Session;
using Sim.Runtime.Hil;
using SimCore.Diagnostics;

namespace Sim.Cli.Commands;

/// <summary>The options of `sim run` that put a HIL target in the loop (docs/hil-protocol.md).</summary>
internal sealed class HilOptions
{
    public Option<string?> Target { get; } = new("--target")
    {
        Description = "Drive the ego from a HIL target: listen on tcp://HOST:PORT (control; data stream on PORT+1); PORT alone binds 127.0.0.1",
    };

    public Option<string> Mode { get; } = new("--hil-mode")
    {
        Description = "lockstep (wait for the target's answer to every tick; deterministic) or realtime (paced to the wall clock)",
        DefaultValueFactory = _ => "lockstep",
    };

    public Option<double> RealTimeFactor { get; } = new("--realtime-factor") { Description = "Real time: simulated seconds per wall-clock second", DefaultValueFactory = _ => 1.0 };

    public Option<double> AnswerTimeout { get; } = new("--answer-timeout") { Description = "Lockstep: seconds to wait for the answer to one tick", DefaultValueFactory = _ => 10.0 };

    public Option<double> HeartbeatTimeout { get; } = new("--heartbeat-timeout") { Description = "Seconds of silence from the target after which it counts as lost", DefaultValueFactory = _ => 3.0 };

    public Option<double> ConnectTimeout { get; } = new("--connect-timeout") { Description = "Seconds to wait for a target to connect", DefaultValueFactory = _ => 60.0 };

    public Option<double> HelloTimeout { get; } = new("--hello-timeout") { Description = "Seconds the target may take to answer the Hello", DefaultValueFactory = _ => 30.0 };

    public Option<double> ActuationDelay { get; } = new("--actuation-delay") { Description = "Seconds between the target's answer and the actuators taking it (vehicle bus latency; rounded up to steps)", DefaultValueFactory = _ => 0.0 };

    public Option<string?> CurveSecret { get; } = new("--curve-secret") { Description = "Encrypt with CurveZMQ: the simulator's secret key file (sim keys generate; docs/hil-security.md)" };

    public Option<string?> TargetKey { get; } = new("--target-key") { Description = "CurveZMQ: the target's public key file; only the holder of its secret key is accepted" };

    private IEnumerable<Option> HilOnly => [Mode, RealTimeFactor, AnswerTimeout, HeartbeatTimeout, ConnectTimeout, HelloTimeout, ActuationDelay, CurveSecret, TargetKey];

    public void AddTo(Command command)
    {
        command.Options.Add(Target);
        foreach (Option o in HilOnly)
        {
            command.Options.Add(o);
        }
    }

    /// <summary>The HIL options, or null without --target.</summary>
    /// <exception cref="InputException">A bad value, or a HIL option without --target.</exception>
    public HilTargetOptions? Read(ParseResult r)
    {
        if (r.GetValue(Target) is not { } target)
        {
            if (HilOnly.FirstOrDefault(o => r.GetResult(o) is { Implicit: false }) is { } stray)
            {
                throw new InputException(new SourceLocation(stray.Name, 0, 0), "applies to a HIL run only: give --target tcp://HOST:PORT");
            }
            return null;
        }
        HilEndpoint endpoint = HilEndpoint.Parse(target, Target.Name);
        HilMode mode = r.GetValue(Mode) switch
        {
            "lockstep" => HilMode.Lockstep,
            "realtime" or "real-time" or "real_time" => HilMode.RealTime,
            var other => throw new InputException(new SourceLocation(Mode.Name, 0, 0), $"'{other}' is not a mode: lockstep or realtime"),
        };
        return new HilTargetOptions(endpoint, new HilRunOptions
        {
            Mode = mode,
            RealTimeFactor = Positive(r, RealTimeFactor),
            AnswerTimeout = TimeSpan.FromSeconds(Positive(r, AnswerTimeout)),
            HeartbeatTimeout = TimeSpan.FromSeconds(Positive(r, HeartbeatTimeout)),
            ActuationDelayNs = (long)Math.Round(NonNegative(r, ActuationDelay) * 1e9),
        }, TimeSpan.FromSeconds(Positive(r, ConnectTimeout)), r.GetValue(CurveSecret), r.GetValue(TargetKey))
        {
            HelloTimeout = TimeSpan.FromSeconds(Positive(r, HelloTimeout)),
        };
    }

    private static double Positive(ParseResult r, Option<double> o)
        => r.GetValue(o) is var v && v > 0 && double.IsFinite(v) ? v : throw new InputException(new SourceLocation(o.Name, 0, 0), $"must be a positive number of seconds (got {CommonOptions.Format(v)})");

    private static double NonNegative(ParseResult r, Option<double> o)
        => r.GetValue(o) is var v && v >= 0 && double.IsFinite(v) ? v : throw new InputException(new SourceLocation(o.Name, 0, 0), $"must be 0 or more seconds (got {CommonOptions.Format(v)})");
}
