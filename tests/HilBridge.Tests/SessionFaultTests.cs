using System.Diagnostics;
using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using HilBridge.Session;
using HilBridge.Target;
using HilBridge.Transport;
using NetMQ;
using SensorModels.Can;
using SensorModels.Runtime;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace HilBridge.Tests;

/// <summary>
/// The faults a bench meets, each as docs/hil-protocol.md says it ends: a target that dies while
/// the simulator is busy, oversized and extra frames, refusals on the wire, Heartbeats while the
/// simulator computes, an interrupt, and CAN answers that all miss the DBC.
/// </summary>
public sealed class SessionFaultTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static Scenario Straight(string duration) => ScenarioLoader.Parse("hil.yaml", $$$"""
        name: hil
        duration: {{{duration}}}
        step: 0.01
        road: {id: r, geometry: [line: 2000], lanes: {right: [{width: 3.5}, {width: 3.5}]}}
        entities:
          - {name: ego, type: car, position: {road: r, lane: -1, s: 50}, speed: 15, driver: reference}
        """);

    private static Hello HelloFor(string? dbc = null) => new("hil", 10_000_000, 1, [], dbc, [WireCodec.Version]);

    private static HelloReply Reply(ActuationMode mode = ActuationMode.Command) => new("t", "1", [], mode, WantsVehicleState: true);

    /// <summary>Runs <paramref name="sim"/> with the target driving the ego; <paramref name="sensing"/> is the rig's time at each state.</summary>
    private static RunResult Closed(HilRunner runner, Simulator sim, StageHandler sensing)
    {
        var stages = new StepStages(sim);
        stages.Sensing += sensing;
        runner.Attach(stages, 0);
        return stages.Run();
    }

    /// <summary>The next message that is not a Heartbeat (they come every 0.5 s from the Hello on).</summary>
    internal static ReceivedMessage? NextNotHeartbeat(ControlClient client)
    {
        while (client.Receive(Wait) is { } m)
        {
            if (m.Body is not Heartbeat)
            {
                return m;
            }
        }
        return null;
    }

    private static Process StartPython(Bridge b, string extra)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "Python", "python_target.py");
        var psi = new ProcessStartInfo(PythonPeer.Python, $"\"{script}\" {b.ControlUrl} {b.DataUrl} {extra}") { RedirectStandardOutput = true, RedirectStandardError = true };
        return Process.Start(psi)!;
    }

    /// <summary>
    /// The hang of issue 15: the target dies right after answering tick 24 while the simulator spends
    /// 1.5 s on the next state (a lidar sweep, say), so tick 25 goes to a data socket with no peer.
    /// A PUSH socket waits forever for one; the run must end as "target lost" within the heartbeat
    /// timeout of the target's last message instead, in lockstep as in real time.
    /// </summary>
    [PythonTheory]
    [InlineData(HilMode.Lockstep)]
    [InlineData(HilMode.RealTime)]
    public void A_target_killed_while_the_simulator_is_busy_ends_the_run_as_lost_within_the_heartbeat_timeout(HilMode mode)
    {
        using var b = new Bridge();
        using Process python = StartPython(b, "--die-after 25");
        try
        {
            HelloReply reply = Handshake.Accept(b.Control, HelloFor(), "python", TimeSpan.FromSeconds(20), Wait);
            var runner = new HilRunner(b.Control, b.Data, reply, new HilRunOptions { Mode = mode, HeartbeatTimeout = TimeSpan.FromSeconds(1) });
            var clock = Stopwatch.StartNew();
            var run = Task.Run(() => Closed(runner, new Simulator(Straight("3")), sim =>
            {
                if (sim.Steps == 25 && mode == HilMode.Lockstep)
                {
                    Thread.Sleep(1500); // the busy simulator; the target exits 0.2 s after its 25th answer
                }
            }));
            Assert.True(((IAsyncResult)run).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(20)), "the run hung on the dead target");
            HilException e = Assert.IsType<HilException>(run.Exception?.InnerException);
            double took = clock.Elapsed.TotalSeconds;
            Assert.True(python.WaitForExit(10_000), "python target did not exit");
            Assert.Equal(3, python.ExitCode);
            Assert.Matches(@"^target lost at t=\d+\.\d{3} s: nothing from it for 1 s$", e.Message);
            Assert.Equal(e.Message, runner.Report.Error);
            if (mode == HilMode.Lockstep)
            {
                // Answers to ticks 0..24 applied; tick 25 (t = 0.250 s) found no target.
                Assert.Equal("target lost at t=0.250 s: nothing from it for 1 s", e.Message);
                Assert.Equal(25L, runner.Report.AnswersApplied);
                Assert.True(took < 4.0, $"lost after {took:F2} s: the 1.5 s state, then at most the 1 s timeout and a wait slice");
            }
            else
            {
                // Real time: paced at the wall clock, the loss shows about 1 s of simulated time after the last answer.
                double lostAt = double.Parse(e.Message["target lost at t=".Length..e.Message.IndexOf(' ', 17)], System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(lostAt, 1.0, 2.9);
                Assert.InRange(runner.Report.AnswersApplied, 20L, 25L);
                Assert.True(took < 3.0, $"the run took {took:F2} s");
            }
        }
        finally
        {
            if (!python.HasExited)
            {
                python.Kill();
            }
        }
    }

    [Fact]
    public async Task A_target_that_takes_no_tick_but_heartbeats_meets_the_answer_timeout_at_the_send()
    {
        using var b = new Bridge();
        var stop = new CancellationTokenSource();
        // Only the control socket: alive, but nobody reads the data stream, so no tick can be handed over.
        Task target = Task.Run(() =>
        {
            using var client = new ControlClient(b.ControlUrl);
            Handshake.Connect(client, _ => Reply(), Wait);
            while (!stop.IsCancellationRequested)
            {
                client.Send(MessageType.Heartbeat, 0, Heartbeat.Instance);
                client.Receive(TimeSpan.FromMilliseconds(200));
            }
        });
        HelloReply reply = Handshake.Accept(b.Control, HelloFor(), "test", Wait, Wait);
        var runner = new HilRunner(b.Control, b.Data, reply, new HilRunOptions { AnswerTimeout = TimeSpan.FromSeconds(1.5), HeartbeatTimeout = TimeSpan.FromSeconds(1) });
        var clock = Stopwatch.StartNew();
        HilException e = Assert.Throws<HilException>(() => runner.Run(new Simulator(Straight("1")), 0));
        stop.Cancel();
        await target.WaitAsync(Wait);
        Assert.Equal("target did not take tick 0 (t = 0.000 s) within 1.5 s", e.Message);
        Assert.InRange(clock.Elapsed.TotalSeconds, 1.5, 5);
    }

    [Fact]
    public void A_frame_0_over_the_limit_is_counted_as_oversized_and_the_target_stays_connected()
    {
        using var b = new Bridge();
        using var client = new ControlClient(b.ControlUrl);
        client.Send(MessageType.Heartbeat, 0, Heartbeat.Instance);
        Assert.IsType<Heartbeat>(b.Control.Receive(Wait)!.Body);
        // 1.5 MiB: over the 1 MiB frame-0 limit, under the 4 MiB the socket takes in at all.
        var big = new byte[3 << 19];
        big[0] = 0x96;
        client.SendRaw(big);
        client.Send(MessageType.Heartbeat, 0, Heartbeat.Instance);
        ReceivedMessage? next = b.Control.Receive(Wait);
        Assert.IsType<Heartbeat>(next?.Body); // the same peer, same connection: not a stranger, not lost
        Assert.Equal(1, b.Control.Rejected(RejectReason.Oversized));
        Assert.Equal(0, b.Control.Strangers);
    }

    [Fact]
    public void An_actuation_with_an_extra_frame_is_malformed_and_not_applied()
    {
        using var b = new Bridge();
        using var client = new NetMQ.Sockets.DealerSocket();
        client.Options.Linger = TimeSpan.Zero;
        client.Connect(b.ControlUrl);
        byte[] Env(MessageType t, object body) => WireCodec.Encode(new Envelope(WireCodec.Version, t, 0, 0), body);
        client.SendFrame(Env(MessageType.Heartbeat, Heartbeat.Instance));
        Assert.NotNull(b.Control.Receive(Wait));
        var m = new NetMQMessage();
        m.Append(Env(MessageType.Actuation, new Actuation(0, ActuationMode.Command, 0.1, 1, [], null, null)));
        m.Append(new byte[] { 1, 2, 3 });
        client.SendMultipartMessage(m);
        client.SendFrame(Env(MessageType.Heartbeat, Heartbeat.Instance));
        Assert.IsType<Heartbeat>(b.Control.Receive(Wait)!.Body); // the two-frame actuation never reached the simulator
        Assert.Equal(1, b.Control.Rejected(RejectReason.Malformed));
    }

    [Fact]
    public async Task A_version_2_hello_reply_is_refused_on_the_wire_at_once_not_after_the_reply_timeout()
    {
        using var b = new Bridge();
        Task<ReceivedMessage?> target = Task.Run(() =>
        {
            using var client = new ControlClient(b.ControlUrl);
            client.Send(MessageType.Heartbeat, 0, Heartbeat.Instance);
            Assert.IsType<Hello>(client.Receive(Wait)!.Body);
            client.SendRaw(WireCodec.Encode(new Envelope(2, MessageType.HelloReply, 0, 1), Reply()));
            return NextNotHeartbeat(client);
        });
        var clock = Stopwatch.StartNew();
        HilException e = Assert.Throws<HilException>(() => Handshake.Accept(b.Control, HelloFor(), "test", Wait, TimeSpan.FromSeconds(30)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains("protocol version 2", e.Message);
        Refusal r = Assert.IsType<Refusal>((await target.WaitAsync(Wait))!.Body);
        Assert.Contains("protocol version 2", r.Reason);
    }

    [Fact]
    public async Task CAN_actuation_on_a_rig_without_a_CAN_bus_is_refused_on_the_wire()
    {
        using var b = new Bridge();
        Task<ReceivedMessage?> target = Task.Run(() =>
        {
            using var client = new ControlClient(b.ControlUrl);
            Handshake.Connect(client, _ => Reply(ActuationMode.Can), Wait);
            return NextNotHeartbeat(client);
        });
        HilException e = Assert.Throws<HilException>(() => Handshake.Accept(b.Control, HelloFor(dbc: null), "test", Wait, Wait));
        Assert.Contains("CAN actuation (actuation_mode 1) needs a CAN bus", e.Message);
        Refusal r = Assert.IsType<Refusal>((await target.WaitAsync(Wait))!.Body);
        Assert.Contains("this rig has none", r.Reason);
    }

    [Fact]
    public async Task A_version_2_actuation_mid_run_is_refused_and_ends_the_run_with_nothing_sent_after_the_refusal()
    {
        using var b = new Bridge();
        Task<List<object>> target = Task.Run(() =>
        {
            using var client = new ControlClient(b.ControlUrl);
            using var frames = new FrameStreamReceiver(b.DataUrl, bind: false);
            Handshake.Connect(client, _ => Reply(), Wait);
            var seen = new List<object>();
            while (frames.Receive(Wait) is { Body: Tick t })
            {
                if (t.Index == 10)
                {
                    client.SendRaw(WireCodec.Encode(new Envelope(2, MessageType.Actuation, 0, 99), new Actuation(10, ActuationMode.Command, 0, 0, [], null, null)));
                    // Everything the simulator says from here on, for a second.
                    var until = DateTime.UtcNow + TimeSpan.FromSeconds(1);
                    while (DateTime.UtcNow < until)
                    {
                        if (client.Receive(TimeSpan.FromMilliseconds(50)) is { } m && m.Body is not Heartbeat)
                        {
                            seen.Add(m.Body);
                        }
                    }
                    return seen;
                }
                client.Send(MessageType.Actuation, 0, new Actuation(t.Index, ActuationMode.Command, 0, 0.5, [], null, null));
            }
            return seen;
        });
        var runner = new HilRunner(b.Control, b.Data, Handshake.Accept(b.Control, HelloFor(), "test", Wait, Wait), new HilRunOptions { AnswerTimeout = Wait });
        HilException e = Assert.Throws<HilException>(() => runner.Run(new Simulator(Straight("1")), 0));
        List<object> seen = await target.WaitAsync(Wait);
        Assert.Contains("protocol version 2", e.Message);
        Assert.StartsWith("at t = 0.100 s", e.Message);
        Refusal r = Assert.IsType<Refusal>(Assert.Single(seen)); // the Refusal, and no EndOfRun after it
        Assert.Contains("protocol version 2", r.Reason);
        Assert.Equal(10L, runner.Report.AnswersApplied);
    }

    [Fact]
    public async Task A_target_refusal_mid_run_ends_the_run_and_the_simulator_answers_nothing()
    {
        using var b = new Bridge();
        Task<List<object>> target = Task.Run(() =>
        {
            using var client = new ControlClient(b.ControlUrl);
            using var frames = new FrameStreamReceiver(b.DataUrl, bind: false);
            Handshake.Connect(client, _ => Reply(), Wait);
            var seen = new List<object>();
            while (frames.Receive(Wait) is { Body: Tick t })
            {
                if (t.Index == 5)
                {
                    while (client.Receive(TimeSpan.Zero) is not null)
                    {
                        // Heartbeats that came before the refusal.
                    }
                    client.Send(MessageType.Refusal, 0, new Refusal("the stack faulted", [1]));
                    var until = DateTime.UtcNow + TimeSpan.FromSeconds(1);
                    while (DateTime.UtcNow < until)
                    {
                        if (client.Receive(TimeSpan.FromMilliseconds(50)) is { } m)
                        {
                            seen.Add(m.Body);
                        }
                    }
                    return seen;
                }
                client.Send(MessageType.Actuation, 0, new Actuation(t.Index, ActuationMode.Command, 0, 0, [], null, null));
            }
            return seen;
        });
        var runner = new HilRunner(b.Control, b.Data, Handshake.Accept(b.Control, HelloFor(), "test", Wait, Wait), new HilRunOptions { AnswerTimeout = Wait });
        HilException e = Assert.Throws<HilException>(() => runner.Run(new Simulator(Straight("1")), 0));
        Assert.Equal("target ended the session at tick 5 (t = 0.050 s): the stack faulted", e.Message);
        Assert.Empty(await target.WaitAsync(Wait)); // no EndOfRun, no Heartbeat: a Refusal is the last word
    }

    /// <summary>
    /// The simulator heartbeats on its own thread: a target waiting through a 2 s sensor frame gets a
    /// Heartbeat every interval, not only while the simulator itself waits.
    /// </summary>
    [Fact]
    public async Task The_simulator_heartbeats_at_its_period_while_it_computes()
    {
        using var b = new Bridge();
        var arrivals = new List<double>();
        Task<EndOfRun> target = Task.Run(() =>
        {
            using var client = new ControlClient(b.ControlUrl);
            using var frames = new FrameStreamReceiver(b.DataUrl, bind: false);
            Handshake.Connect(client, _ => Reply(), Wait);
            var clock = Stopwatch.StartNew();
            while (true)
            {
                if (frames.Receive(TimeSpan.FromMilliseconds(5)) is { Body: Tick t })
                {
                    client.Send(MessageType.Actuation, 0, new Actuation(t.Index, ActuationMode.Command, 0, 0, [], null, null));
                }
                while (client.Receive(TimeSpan.Zero) is { } m)
                {
                    switch (m.Body)
                    {
                        case Heartbeat:
                            arrivals.Add(clock.Elapsed.TotalSeconds);
                            break;
                        case EndOfRun end:
                            return end;
                    }
                }
            }
        });
        var runner = new HilRunner(b.Control, b.Data, Handshake.Accept(b.Control, HelloFor(), "test", Wait, Wait),
            new HilRunOptions { HeartbeatInterval = TimeSpan.FromSeconds(0.25), HeartbeatTimeout = TimeSpan.FromSeconds(5) });
        var busy = Stopwatch.StartNew();
        double busyFrom = 0, busyTo = 0;
        RunResult r = Closed(runner, new Simulator(Straight("0.2")), sim =>
        {
            if (sim.Steps == 10)
            {
                busyFrom = busy.Elapsed.TotalSeconds;
                Thread.Sleep(2000);
                busyTo = busy.Elapsed.TotalSeconds;
            }
        });
        runner.End(0, "pass", r.EndReason.Name(), "{}");
        Assert.Equal("pass", (await target.WaitAsync(Wait)).Status);
        // Heartbeats every 0.25 s through the 2 s the simulator was busy: about 8 (scheduling may shift one).
        double start = arrivals.Count > 0 ? arrivals[0] : 0;
        int during = arrivals.Count(a => a - start >= busyFrom + 0.1 && a - start <= busyTo - 0.1);
        Assert.InRange(during, 5, 9);
        // No silence while busy: a heartbeat that stopped for the computation would leave a gap of
        // the whole 2 s. The bound (4 periods) leaves room for a loaded machine's scheduling, which
        // stretched single gaps to 0.6-1.2 s across the whole run on the 2-core VM.
        double[] busyArrivals = arrivals.Where(a => a - start >= busyFrom && a - start <= busyTo).ToArray();
        double[] gaps = busyArrivals.Zip(busyArrivals.Skip(1), (x, y) => y - x).ToArray();
        Assert.True(gaps.Length > 0 && gaps.Max() < 1.0, $"longest gap between heartbeats while busy {(gaps.Length > 0 ? gaps.Max() : double.NaN):F3} s");
    }

    [Fact]
    public async Task An_interrupt_sends_end_of_run_at_once_and_ends_the_run_with_its_reason()
    {
        using var b = new Bridge();
        var gotEnd = new TaskCompletionSource<(EndOfRun End, double At)>();
        var clock = Stopwatch.StartNew();
        Task target = Task.Run(() =>
        {
            using var client = new ControlClient(b.ControlUrl);
            using var frames = new FrameStreamReceiver(b.DataUrl, bind: false);
            Handshake.Connect(client, _ => Reply(), Wait);
            while (!gotEnd.Task.IsCompleted)
            {
                if (frames.Receive(TimeSpan.FromMilliseconds(5)) is { Body: Tick t })
                {
                    client.Send(MessageType.Actuation, 0, new Actuation(t.Index, ActuationMode.Command, 0, 0, [], null, null));
                }
                while (client.Receive(TimeSpan.Zero) is { Body: EndOfRun end })
                {
                    gotEnd.TrySetResult((end, clock.Elapsed.TotalSeconds));
                }
            }
        });
        var runner = new HilRunner(b.Control, b.Data, Handshake.Accept(b.Control, HelloFor(), "test", Wait, Wait), new HilRunOptions());
        double interruptedAt = 0;
        var run = Task.Run(() => Closed(runner, new Simulator(Straight("5")), sim =>
        {
            if (sim.Steps == 20)
            {
                interruptedAt = clock.Elapsed.TotalSeconds;
                runner.Interrupt("interrupted by SIGTERM");
                Thread.Sleep(1000); // still busy: the EndOfRun does not wait for this
            }
        }));
        (EndOfRun end, double at) = await gotEnd.Task.WaitAsync(Wait);
        Assert.Equal(("error", "interrupted by SIGTERM"), (end.Status, end.Reason));
        Assert.True(at - interruptedAt < 0.5, $"EndOfRun {at - interruptedAt:F3} s after the interrupt");
        HilException e = await Assert.ThrowsAsync<HilException>(() => run.WaitAsync(Wait));
        Assert.Equal("interrupted by SIGTERM", e.Message);
        Assert.Equal(20UL, runner.Report.Ticks); // ticks 0..19 sent and answered; tick 20's state was interrupted before its send
        await target.WaitAsync(Wait);
    }

    [Fact]
    public async Task CAN_answers_none_of_which_decode_are_warned_about_once_naming_the_ids()
    {
        string dbcPath = TestFiles.Repo("scenarios", "can", "vehicle.dbc");
        DbcDatabase dbc = DbcReader.Load(dbcPath);
        var decoder = new CanActuationDecoder(dbc);
        uint steering = decoder.SteeringMessage!.Id;
        using var b = new Bridge();
        Task target = Task.Run(() =>
        {
            using TargetClient client = TargetClient.Connect(b.ControlUrl, b.DataUrl, _ => Reply(ActuationMode.Can), Wait);
            while (client.NextTick(Wait) is { } t)
            {
                // The misreading of "extended ids with bit 31 set": bit 31 on an 11-bit id.
                client.AnswerCan(t, [new CanFrame(steering | 0x8000_0000u, new byte[8])]);
            }
        });
        var warnings = new List<string>();
        var runner = new HilRunner(b.Control, b.Data, Handshake.Accept(b.Control, HelloFor(File.ReadAllText(dbcPath)), "test", Wait, Wait),
            new HilRunOptions { Can = decoder });
        runner.Warning += warnings.Add;
        RunResult r = runner.Run(new Simulator(Straight("0.5")), 0);
        runner.End(0, "pass", r.EndReason.Name(), "{}");
        await target.WaitAsync(Wait);
        string w = Assert.Single(warnings);
        Assert.Equal(w, Assert.Single(runner.Report.Warnings));
        Assert.StartsWith("none of the target's first 10 CAN answers carried a frame the DBC decodes as actuation: of their 10 frames 10 have an id that is not an actuation message", w);
        Assert.Contains($"0x{steering | 0x8000_0000u:X8}", w);
        Assert.Contains($"steering 0x{steering:X}", w);
        Assert.Equal(50L, runner.Report.Can.NotActuation);
    }
}
