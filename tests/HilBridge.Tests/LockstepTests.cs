using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using HilBridge.Session;
using HilBridge.Target;
using HilBridge.Transport;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace HilBridge.Tests;

public sealed class LockstepTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static Scenario Scenario() => ScenarioLoader.Parse("lockstep.yaml", """
        name: lockstep
        duration: 5
        step: 0.01
        road: {id: r, geometry: [line: 1000], lanes: {right: [{width: 3.5}, {width: 3.5}]}}
        entities:
          - {name: ego, type: car, position: {road: r, lane: -1, s: 50}, speed: 15, driver: reference}
        """);

    /// <summary>The target's logic: hold 25 m/s with a proportional controller, wheels straight.</summary>
    private static double Acceleration(double speed) => Math.Clamp(0.8 * (25 - speed), -3, 2);

    private static Hello HelloFor(Scenario s) => new(s.Name, 10_000_000, 1, [], null, [WireCodec.Version]);

    [Fact]
    public async Task A_target_over_the_bridge_gives_the_same_run_as_the_same_logic_in_process()
    {
        // In process: the controller sets the demand directly each step.
        var local = new Simulator(Scenario());
        var snap = new EntitySnapshot[1];
        local.UseExternalDriver(0);
        do
        {
            local.GetSnapshot(snap);
            local.SetDemand(0, 0, Acceleration(snap[0].Speed));
        }
        while (local.Advance());
        RunResult expected = local.Result();

        (ControlServer control, int controlPort) = ControlServer.BindRandom("tcp://127.0.0.1");
        (FrameStreamSender data, int dataPort) = FrameStreamSender.BindRandom("tcp://127.0.0.1");
        using (control)
        using (data)
        {
            Task<(int Ticks, EndOfRun End)> target = Task.Run(() => RunTarget(controlPort, dataPort));
            HelloReply reply = Handshake.Accept(control, HelloFor(Scenario()), "test", Wait, Wait);
            var runner = new HilRunner(control, data, reply, new HilRunOptions { AnswerTimeout = Wait });
            RunResult viaBridge = runner.Run(new Simulator(Scenario()), 0);
            runner.End(0, "pass", viaBridge.EndReason.Name(), "{}");
            (int ticks, EndOfRun end) = await target.WaitAsync(Wait);

            Assert.Equal(expected.StateHash, viaBridge.StateHash);
            Assert.NotEqual(new Simulator(Scenario()).Run().StateHash, viaBridge.StateHash); // the reference driver drives otherwise
            Assert.Equal(500, ticks);                        // one per step: t = 0 .. 4.99 s, each answered before the step to t + 0.01
            Assert.Equal(500UL, runner.Report.Ticks);
            Assert.Equal(("pass", "duration"), (end.Status, end.Reason));
            Assert.Equal((0L, 0L, 500L), (runner.Report.StaleAnswers, runner.Report.FutureAnswers, runner.Report.AnswersApplied));
        }
    }

    private static (int Ticks, EndOfRun End) RunTarget(int controlPort, int dataPort)
    {
        using var target = TargetClient.Connect($"tcp://127.0.0.1:{controlPort}", $"tcp://127.0.0.1:{dataPort}",
            _ => new HelloReply("p-controller", "1", [], ActuationMode.Command, WantsVehicleState: true), Wait);
        int ticks = 0;
        while (target.NextTick(Wait) is { } t)
        {
            ticks++;
            target.Answer(t, 0, Acceleration(t.Vehicle!.Speed));
        }
        return (ticks, target.End!);
    }

    [Fact]
    public async Task A_target_that_stops_answering_ends_the_run_with_an_error_naming_the_tick()
    {
        (ControlServer control, int controlPort) = ControlServer.BindRandom("tcp://127.0.0.1");
        (FrameStreamSender data, int dataPort) = FrameStreamSender.BindRandom("tcp://127.0.0.1");
        using (control)
        using (data)
        using (var client = new ControlClient($"tcp://127.0.0.1:{controlPort}"))
        using (var frames = new FrameStreamReceiver($"tcp://127.0.0.1:{dataPort}", bind: false))
        {
            Task handshake = Task.Run(() => Handshake.Connect(client, _ => new HelloReply("mute", "1", [], ActuationMode.Command, false), Wait));
            HelloReply reply = Handshake.Accept(control, HelloFor(Scenario()), "test", Wait, Wait);
            await handshake.WaitAsync(Wait);
            var runner = new HilRunner(control, data, reply, new HilRunOptions { AnswerTimeout = TimeSpan.FromMilliseconds(300) });
            HilException e = Assert.Throws<HilException>(() => runner.Run(new Simulator(Scenario()), 0));
            Assert.Equal("target did not answer tick 0 (t = 0.000 s) within 0.3 s", e.Message);
            EndOfRun end = Assert.IsType<EndOfRun>(SessionFaultTests.NextNotHeartbeat(client)!.Body);
            Assert.Equal(("error", e.Message), (end.Status, end.Reason));
            Assert.IsType<Tick>(frames.Receive(Wait)!.Body);
        }
    }

    [Fact]
    public void Can_actuation_without_a_dbc_is_refused()
    {
        (ControlServer control, _) = ControlServer.BindRandom("tcp://127.0.0.1");
        (FrameStreamSender data, _) = FrameStreamSender.BindRandom("tcp://127.0.0.1");
        using (control)
        using (data)
        {
            var reply = new HelloReply("t", "1", [], ActuationMode.Can, false);
            Assert.Contains("no CAN bus", Assert.Throws<HilException>(() => new HilRunner(control, data, reply, new HilRunOptions())).Message);
        }
    }
}

/// <summary>The Python example target (examples/python_target.py), written from the protocol document, drives the ego in lockstep.</summary>
public sealed class PythonTargetTests
{
    [PythonFact]
    public void The_python_example_target_gives_the_same_run_as_its_controller_in_process()
    {
        Scenario Scenario() => ScenarioLoader.Parse("lockstep.yaml", """
            name: lockstep
            duration: 5
            step: 0.01
            road: {id: r, geometry: [line: 1000], lanes: {right: [{width: 3.5}, {width: 3.5}]}}
            entities:
              - {name: ego, type: car, position: {road: r, lane: -1, s: 50}, speed: 15, driver: reference}
            """);
        // The same controller in C#: min(max(0.8 * (25 - v), -3), 2) is the same IEEE arithmetic in Python.
        var local = new Simulator(Scenario());
        var snap = new EntitySnapshot[1];
        local.UseExternalDriver(0);
        do
        {
            local.GetSnapshot(snap);
            local.SetDemand(0, 0, Math.Min(Math.Max(0.8 * (25 - snap[0].Speed), -3.0), 2.0));
        }
        while (local.Advance());

        (ControlServer control, int cport) = ControlServer.BindRandom("tcp://127.0.0.1");
        (FrameStreamSender data, int dport) = FrameStreamSender.BindRandom("tcp://127.0.0.1");
        using (control)
        using (data)
        {
            string script = Path.Combine(AppContext.BaseDirectory, "Python", "python_target.py");
            var psi = new System.Diagnostics.ProcessStartInfo(PythonPeer.Python, $"\"{script}\" tcp://127.0.0.1:{cport} tcp://127.0.0.1:{dport}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var python = System.Diagnostics.Process.Start(psi)!;
            Task<string> stderr = python.StandardError.ReadToEndAsync();
            try
            {
                TimeSpan wait = TimeSpan.FromSeconds(20);
                HelloReply reply = Handshake.Accept(control, new Hello("lockstep", 10_000_000, 1, [], null, [WireCodec.Version]), "python", wait, wait);
                Assert.Equal("python-p-controller", reply.TargetName);
                var runner = new HilRunner(control, data, reply, new HilRunOptions { AnswerTimeout = wait });
                RunResult viaPython = runner.Run(new Simulator(Scenario()), 0);
                runner.End(0, "pass", viaPython.EndReason.Name(), "{}");
                Assert.True(python.WaitForExit(20_000), "python target did not exit");
                Assert.Equal(0, python.ExitCode);
                Assert.Equal("end of run after 500 ticks: pass (duration)", python.StandardOutput.ReadToEnd().Trim());
                Assert.Equal(local.Result().StateHash, viaPython.StateHash);
            }
            finally
            {
                if (!python.HasExited)
                {
                    python.Kill();
                }
                Console.Error.Write(stderr.Result);
            }
        }
    }
}
