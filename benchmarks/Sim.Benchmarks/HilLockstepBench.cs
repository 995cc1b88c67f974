using System.Diagnostics;
using System.Globalization;
using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using HilBridge.Session;
using HilBridge.Target;
using HilBridge.Transport;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Benchmarks;

/// <summary>
/// `hil-lockstep [--seconds S]` (default 120 s = 12,000 ticks): a lockstep run over TCP loopback against a target in a second
/// process (this program as `hil-target`, holding 25 m/s with a P controller from the streamed
/// vehicle state); prints the per-tick round trip (Tick handed to the socket -> Actuation decoded).
/// </summary>
internal static class HilLockstepBench
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public static bool TryRun(string[] args)
    {
        if (args.Length >= 3 && args[0] == "hil-target")
        {
            Target(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture));
            return true;
        }
        if (args.Length == 0 || args[0] != "hil-lockstep")
        {
            return false;
        }
        double seconds = args.Length >= 3 && args[1] == "--seconds" ? double.Parse(args[2], CultureInfo.InvariantCulture) : 120;
        Scenario s = ScenarioLoader.Parse("lockstep.yaml", $$$"""
            name: lockstep
            duration: {{{seconds.ToString(CultureInfo.InvariantCulture)}}}
            step: 0.01
            road: {id: r, geometry: [line: 5000], lanes: {right: [{width: 3.5}, {width: 3.5}]}}
            entities:
              - {name: ego, type: car, position: {road: r, lane: -1, s: 50}, speed: 15, driver: reference}
            """);
        (ControlServer control, int cport) = ControlServer.BindRandom("tcp://127.0.0.1");
        (FrameStreamSender data, int dport) = FrameStreamSender.BindRandom("tcp://127.0.0.1");
        using (control)
        using (data)
        {
            using Process target = HilThroughputBench.StartSelf($"hil-target {cport} {dport}");
            HelloReply reply = Handshake.Accept(control, new Hello(s.Name, 10_000_000, 1, [], null, [WireCodec.Version]), "loopback", Wait, Wait);
            var runner = new HilRunner(control, data, reply, new HilRunOptions { AnswerTimeout = Wait });
            long t0 = Stopwatch.GetTimestamp();
            RunResult r = runner.Run(new Simulator(s), 0);
            runner.End((long)(r.SimTime * 1e9), "pass", r.EndReason.Name(), "{}");
            double wall = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            target.WaitForExit(10_000);
            double[] us = runner.Report.RoundTrip.Ticks.Select(t => t * 1e6 / Stopwatch.Frequency).Order().ToArray();
            double P(double q) => us[(int)Math.Min(us.Length - 1, Math.Floor(q * us.Length))];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"lockstep over tcp loopback, target in a second process: {runner.Report.Ticks} ticks in {wall:F2} s ({runner.Report.Ticks / wall:F0} ticks/s, {r.SimTime / wall:F1}x real time); round trip p50 {P(0.50):F1} us, p95 {P(0.95):F1} us, p99 {P(0.99):F1} us, max {us[^1]:F1} us; final state {r.EndReason}"));
        }
        return true;
    }

    private static void Target(int controlPort, int dataPort)
    {
        using var target = TargetClient.Connect($"tcp://127.0.0.1:{controlPort}", $"tcp://127.0.0.1:{dataPort}",
            _ => new HelloReply("p-controller", "1", [], ActuationMode.Command, WantsVehicleState: true), Wait);
        while (target.NextTick(Wait) is { } t)
        {
            target.Answer(t, 0, Math.Clamp(0.8 * (25 - t.Vehicle!.Speed), -3, 2));
        }
    }
}
