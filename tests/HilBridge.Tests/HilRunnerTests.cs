using System.Diagnostics;
using System.Text.Json;
using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using HilBridge.Session;
using HilBridge.Target;
using HilBridge.Transport;
using NetMQ;
using NetMQ.Sockets;
using SensorModels.Can;
using SensorModels.Output;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace HilBridge.Tests;

/// <summary>
/// The HIL runner against misbehaving, slow, dying and CAN-speaking targets, in lockstep and in
/// real time. Every hash is compared with an in-process run of the same logic; every counter with
/// the number of messages the test itself sent.
/// </summary>
public sealed class HilRunnerTests
{
    /// <summary>Closed loop with <paramref name="sensing"/> in the sensors' stage of every state.</summary>
    private static RunResult Closed(HilRunner runner, Simulator sim, StageHandler sensing)
    {
        var stages = new StepStages(sim);
        stages.Sensing += sensing;
        runner.Attach(stages, 0);
        return stages.Run();
    }

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    /// <summary>A straight two-lane road, the ego at 15 m/s; <paramref name="duration"/> and <paramref name="step"/> in seconds as YAML text.</summary>
    private static Scenario Straight(string duration, string step = "0.01") => ScenarioLoader.Parse("hil.yaml", $$$"""
        name: hil
        duration: {{{duration}}}
        step: {{{step}}}
        road: {id: r, geometry: [line: 2000], lanes: {right: [{width: 3.5}, {width: 3.5}]}}
        entities:
          - {name: ego, type: car, position: {road: r, lane: -1, s: 50}, speed: 15, driver: reference}
          - {name: lead, type: car, position: {road: r, lane: -1, s: 90}, speed: 14}
        """);

    /// <summary>The targets' speed controller: hold 25 m/s.</summary>
    private static double Accel(double speed) => Math.Clamp(0.8 * (25 - speed), -3, 2);

    private static Hello HelloFor(long stepNs = 10_000_000, IReadOnlyList<SensorManifestEntry>? sensors = null, string? dbc = null)
        => new("hil", stepNs, 1, sensors ?? [], dbc, [WireCodec.Version]);

    /// <summary>
    /// The same controller applied in process: the demand computed from state k is set
    /// <paramref name="delaySteps"/> steps later (zero demand before), as a bus latency delays it.
    /// </summary>
    private static RunResult InProcess(Scenario s, Func<EntitySnapshot, (double Steer, double Accel)> control, int delaySteps = 0)
    {
        var sim = new Simulator(s);
        var snap = new EntitySnapshot[sim.EntityCount];
        sim.UseExternalDriver(0);
        var demands = new List<(double Steer, double Accel)>();
        do
        {
            sim.GetSnapshot(snap);
            demands.Add(control(snap[0]));
            int due = demands.Count - 1 - delaySteps;
            if (due >= 0)
            {
                sim.SetDemand(0, demands[due].Steer, demands[due].Accel);
            }
        }
        while (sim.Advance());
        return sim.Result();
    }

    private static RunResult SpeedController(Scenario s, int delaySteps = 0) => InProcess(s, e => (0, Accel(e.Speed)), delaySteps);

    private static HelloReply SpeedReply(string name = "p-controller") => new(name, "1", [], ActuationMode.Command, WantsVehicleState: true);

    /// <summary>A well-behaved lockstep target: the speed controller on every tick, then the end of run.</summary>
    private static Task<EndOfRun> SpeedTarget(Bridge b, Action<TargetClient, Tick>? beforeAnswer = null) => Task.Run(() =>
    {
        using TargetClient target = b.Connect(SpeedReply());
        while (target.NextTick(Wait) is { } t)
        {
            beforeAnswer?.Invoke(target, t);
            target.Answer(t, 0, Accel(t.Vehicle!.Speed));
        }
        return target.End!;
    });

    private static JsonElement ReportJson(HilReport report)
    {
        var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            report.WriteJson(w);
        }
        return JsonDocument.Parse(ms.ToArray()).RootElement;
    }

    // ---- 1. Actuation delay -------------------------------------------------------------------

    [Theory]
    [InlineData(30_000_000L)] // exactly 3 steps of 10 ms
    [InlineData(25_000_000L)] // 2.5 steps: rounded up to 3 (a bus cannot deliver before the latency)
    public async Task An_actuation_delay_applies_each_answer_whole_steps_later(long delayNs)
    {
        RunResult expected = SpeedController(Straight("3"), delaySteps: 3);
        using var b = new Bridge();
        Task<EndOfRun> target = SpeedTarget(b);
        var runner = new HilRunner(b.Control, b.Data, b.Accept(HelloFor()), new HilRunOptions { AnswerTimeout = Wait, ActuationDelayNs = delayNs });
        RunResult via = runner.Run(new Simulator(Straight("3")), 0);
        runner.End(0, "pass", via.EndReason.Name(), "{}");
        await target.WaitAsync(Wait);

        Assert.Equal(expected.StateHash, via.StateHash);
        // The delay matters, and so does its rounding: 0 and 2 steps give other runs.
        Assert.NotEqual(SpeedController(Straight("3")).StateHash, expected.StateHash);
        Assert.NotEqual(SpeedController(Straight("3"), delaySteps: 2).StateHash, expected.StateHash);
        Assert.Equal((300UL, 300L), (runner.Report.Ticks, runner.Report.AnswersApplied));
        Assert.Equal(delayNs / 1e9, ReportJson(runner.Report).GetProperty("actuation_delay_s").GetDouble());
    }

    [Fact]
    public async Task The_report_counts_the_collections_and_allocations_of_the_run()
    {
        // The target (in this process) allocates 32 MB and forces a gen-1 collection at tick 100:
        // the report must see at least those. Lower bounds only: tests running beside this one allocate
        // and collect in the same process.
        const int Big = 32 << 20;
        byte[]? kept = null;
        using var b = new Bridge();
        Task<EndOfRun> target = SpeedTarget(b, (_, t) =>
        {
            if (t.Index == 100)
            {
                kept = new byte[Big];
                GC.Collect(1, GCCollectionMode.Forced, blocking: true);
            }
        });
        var runner = new HilRunner(b.Control, b.Data, b.Accept(HelloFor()), new HilRunOptions { AnswerTimeout = Wait });
        RunResult via = runner.Run(new Simulator(Straight("3")), 0);
        runner.End(0, "pass", via.EndReason.Name(), "{}");
        await target.WaitAsync(Wait);

        Assert.NotNull(kept);
        (int gen0, int gen1, int gen2, long allocated) = runner.Report.Collections;
        Assert.True(gen1 + gen2 >= 1, $"gen0 {gen0}, gen1 {gen1}, gen2 {gen2}");
        Assert.True(allocated >= Big, $"{allocated} bytes");
        JsonElement gc = ReportJson(runner.Report).GetProperty("gc");
        Assert.True(gc.GetProperty("allocated_bytes_per_tick").GetDouble() >= Big / 300.0);
        Assert.Equal(gen1, gc.GetProperty("collections_gen1").GetInt32());
    }

    // ---- 2. Out-of-order and duplicate answers -----------------------------------------------

    [Fact]
    public async Task Answers_for_future_ticks_and_repeats_of_old_ones_are_counted_and_ignored()
    {
        const int ticks = 300; // 3 s of 10 ms steps
        int future = 0, stale = 0;
        using var b = new Bridge();
        Task<EndOfRun> target = SpeedTarget(b, (client, t) =>
        {
            ulong k = t.Index;
            // Wild values: were any of these applied, the run would leave the controller's path.
            if (k % 7 == 3)
            {
                client.Answer(new Tick(k + 1, [], null), 0.3, -2.5); // the next tick, before it was sent
                future++;
            }
            if (k % 11 == 5)
            {
                client.Answer(new Tick(k + 1000, [], null), -0.3, 1.5); // far ahead (beyond the run for the last ticks)
                future++;
            }
            if (k % 5 == 2)
            {
                client.Answer(new Tick(k - 2, [], null), 0.2, 2); // an old tick again, out of order, before this one's answer
                stale++;
            }
        });
        var runner = new HilRunner(b.Control, b.Data, b.Accept(HelloFor()), new HilRunOptions { AnswerTimeout = Wait });
        RunResult via = runner.Run(new Simulator(Straight("3")), 0);
        runner.End(0, "pass", via.EndReason.Name(), "{}");
        await target.WaitAsync(Wait);

        Assert.Equal(SpeedController(Straight("3")).StateHash, via.StateHash);
        Assert.Equal((ulong)ticks, runner.Report.Ticks);
        Assert.Equal(ticks, runner.Report.AnswersApplied);
        Assert.Equal(future, runner.Report.FutureAnswers);
        Assert.Equal(stale, runner.Report.StaleAnswers);
        // 43 + 27 future (k = 3, 10, ..., 297; k = 5, 16, ..., 291), 60 stale (k = 2, 7, ..., 297): hand count.
        Assert.Equal((70, 60), (future, stale));
    }

    /// <summary>
    /// A repeat sent after the real answer reaches the runner while it waits for the next tick (one
    /// connection keeps order), so it is counted too; the last tick gets none, nothing would read it.
    /// </summary>
    [Fact]
    public async Task A_repeated_answer_sent_after_the_real_one_is_stale()
    {
        int repeats = 0;
        using var b = new Bridge();
        Task<EndOfRun> target = Task.Run(() =>
        {
            using TargetClient client = b.Connect(SpeedReply());
            while (client.NextTick(Wait) is { } t)
            {
                client.Answer(t, 0, Accel(t.Vehicle!.Speed));
                if (t.Index % 3 == 0 && t.Index < 299)
                {
                    client.Answer(t, -0.25, -3); // the same tick again, other values: the first answer counts
                    repeats++;
                }
            }
            return client.End!;
        });
        var runner = new HilRunner(b.Control, b.Data, b.Accept(HelloFor()), new HilRunOptions { AnswerTimeout = Wait });
        RunResult via = runner.Run(new Simulator(Straight("3")), 0);
        runner.End(0, "pass", via.EndReason.Name(), "{}");
        await target.WaitAsync(Wait);

        Assert.Equal(SpeedController(Straight("3")).StateHash, via.StateHash);
        Assert.Equal(100, repeats); // k = 0, 3, ..., 297
        Assert.Equal((100L, 0L, 300L), (runner.Report.StaleAnswers, runner.Report.FutureAnswers, runner.Report.AnswersApplied));
    }

    // ---- 3. Garbage at the control socket -----------------------------------------------------

    /// <summary>Random bytes and mutated valid messages (as WireCodecTests' fuzz makes them).</summary>
    private static byte[] Garbage(Random rng, byte[][] seeds, int i)
    {
        if (i % 4 == 0)
        {
            var r = new byte[rng.Next(0, 200)];
            rng.NextBytes(r);
            return r;
        }
        byte[] m = (byte[])seeds[i % seeds.Length].Clone();
        int edits = rng.Next(1, 6);
        for (int k = 0; k < edits && m.Length > 0; k++)
        {
            switch (rng.Next(3))
            {
                case 0: m[rng.Next(m.Length)] = (byte)rng.Next(256); break;
                case 1: m = m.AsSpan(0, rng.Next(m.Length)).ToArray(); break;
                default: m[rng.Next(m.Length)] ^= (byte)(1 << rng.Next(8)); break;
            }
        }
        return m;
    }

    [Fact]
    public async Task Garbage_from_the_target_and_from_a_stranger_is_counted_by_reason_and_changes_nothing()
    {
        const int noisyTicks = 200, perTick = 10;
        var rng = new Random(20261127);
        byte[] Env(MessageType type, object body) => WireCodec.Encode(new Envelope(WireCodec.Version, type, 0, 0), body);
        byte[][] seeds =
        [
            Env(MessageType.Actuation, new Actuation(5, ActuationMode.Command, 0.1, 1.5, [], null, new Dictionary<string, double> { ["ttc"] = 3 }.ToList())),
            Env(MessageType.Heartbeat, Heartbeat.Instance),
            Env(MessageType.HelloReply, new HelloReply("t", "1", ["imu"], ActuationMode.Command, false)),
            Env(MessageType.Actuation, new Actuation(7, ActuationMode.Can, 0, 0, [new CanFrame(0x2E4, new byte[8])], null, null)),
        ];
        // Expected rejections, by the decoder's own verdict on each frame in process (same limits as the server).
        var expected = new long[Enum.GetValues<RejectReason>().Length];
        long strangers = 0, refusalsReceived = 0, strangerWrongVersion = 0;
        using var b = new Bridge();
        Task<EndOfRun> target = Task.Run(() =>
        {
            using var client = new ControlClient(b.ControlUrl);
            using var frames = new FrameStreamReceiver(b.DataUrl, bind: false);
            Handshake.Connect(client, _ => SpeedReply("garbage"), Wait);
            // Connected after the handshake: the server already talks to the target, this one is a stranger.
            using var stranger = new DealerSocket();
            stranger.Options.Linger = TimeSpan.Zero;
            stranger.Connect(b.ControlUrl);
            while (true)
            {
                if (frames.Receive(TimeSpan.FromMilliseconds(20)) is { Body: Tick t })
                {
                    if (t.Index < noisyTicks)
                    {
                        for (int i = 0; i < perTick; i++)
                        {
                            byte[] g = Garbage(rng, seeds, i + (int)t.Index * perTick);
                            try
                            {
                                WireCodec.Decode(g);
                                // It decodes: from the target that would be a real message (a Refusal would end the
                                // run, an Actuation for this tick would be applied), so only the stranger sends it.
                            }
                            catch (ProtocolException e) when (e.Reason != RejectReason.WrongVersion)
                            {
                                client.SendRaw(g);
                                expected[(int)e.Reason]++;
                            }
                            catch (ProtocolException)
                            {
                                // Another version from the target is refused and ends the session (SessionFaultTests): the stranger's only.
                                strangerWrongVersion++;
                            }
                            stranger.SendFrame(g);
                            strangers++;
                        }
                        // Valid messages from the stranger: an answer to this very tick with wild values, and a refusal.
                        stranger.SendFrame(WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.Actuation, 0, 0), new Actuation(t.Index, ActuationMode.Command, 0.4, -3, [], null, null)));
                        stranger.SendFrame(WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.Refusal, 0, 0), new Refusal("stranger", [1])));
                        strangers += 2;
                        if (t.Index % 50 == 0)
                        {
                            // An actuation whose CAN frame list has 5000 elements (as 5000 bytes: the reader
                            // refuses a header longer than what follows): over the list limit of 4096.
                            byte[] big = [0x96, 0xA6, .. "SIMHIL"u8, 0x01, 0x05, 0x00, 0x00, 0x97, 0x00, 0x00, 0xCB, 0, 0, 0, 0, 0, 0, 0, 0, 0xCB, 0, 0, 0, 0, 0, 0, 0, 0, 0xDC, 0x13, 0x88, .. new byte[5000]];
                            RejectReason reason = Assert.Throws<ProtocolException>(() => WireCodec.Decode(big)).Reason;
                            client.SendRaw(big);
                            expected[(int)reason]++;
                        }
                    }
                    client.Send(MessageType.Actuation, 0, new Actuation(t.Index, ActuationMode.Command, 0, Accel(t.Vehicle!.Speed), [], null, null));
                }
                while (client.Receive(TimeSpan.Zero) is { } c)
                {
                    switch (c.Body)
                    {
                        case EndOfRun end:
                            return end;
                        case Refusal:
                            refusalsReceived++; // the server's answer to each wrong-version message
                            break;
                    }
                }
            }
        });
        var runner = new HilRunner(b.Control, b.Data, b.Accept(HelloFor()), new HilRunOptions { AnswerTimeout = Wait });
        RunResult via = runner.Run(new Simulator(Straight("3")), 0);
        runner.End(0, "pass", via.EndReason.Name(), "{}");
        EndOfRun end = await target.WaitAsync(Wait);

        Assert.Equal(("pass", "duration"), (end.Status, end.Reason));
        Assert.Equal(SpeedController(Straight("3")).StateHash, via.StateHash);
        Assert.Equal((300UL, 300L), (runner.Report.Ticks, runner.Report.AnswersApplied));
        (long malformed, long wrongVersion, long oversized, long strangerCount, long sendFailures, long unread) = runner.Report.Rejected;
        Assert.True(expected.Sum() > 1000 && strangers > 2000, $"{expected.Sum()} rejectable, {strangers} from the stranger");
        Assert.Equal(expected[(int)RejectReason.Malformed], malformed);
        Assert.Equal(0, wrongVersion);
        Assert.Equal(expected[(int)RejectReason.Oversized], oversized);
        Assert.True(oversized >= noisyTicks / 50 && strangerWrongVersion > 0 && malformed > 1000, $"{malformed} malformed, {strangerWrongVersion} wrong version from the stranger, {oversized} oversized"); // the four list-limit frames at least; random ones may add more (counted above)
        Assert.Equal(0, refusalsReceived); // a stranger's messages are never answered
        Assert.Equal((strangers, 0L, 0L), (strangerCount, sendFailures, unread));
        Assert.Equal(strangers, ReportJson(runner.Report).GetProperty("rejected").GetProperty("strangers").GetInt64());
    }

    // ---- 4. Target lost, and a slow but live target --------------------------------------------

    [Fact]
    public async Task A_target_that_goes_silent_without_closing_is_lost_after_the_heartbeat_timeout()
    {
        const int answered = 40; // ticks 0..39 answered; tick 40 (t = 0.400 s) never is
        long lastAnswer = 0;
        var release = new TaskCompletionSource();
        using var b = new Bridge();
        Task<EndOfRun?> target = Task.Run(async () =>
        {
            using TargetClient client = b.Connect(SpeedReply("mute"));
            for (int i = 0; i < answered; i++)
            {
                Tick t = client.NextTick(Wait)!;
                client.Answer(t, 0, Accel(t.Vehicle!.Speed));
            }
            Volatile.Write(ref lastAnswer, Stopwatch.GetTimestamp());
            await release.Task; // silent: no answers, no heartbeats, the sockets open
            while (client.NextTick(Wait) is not null)
            {
            }
            return client.End;
        });
        var runner = new HilRunner(b.Control, b.Data, b.Accept(HelloFor()), new HilRunOptions
        {
            AnswerTimeout = TimeSpan.FromSeconds(10),
            HeartbeatTimeout = TimeSpan.FromSeconds(1),
        });
        HilException e = Assert.Throws<HilException>(() => runner.Run(new Simulator(Straight("3")), 0));
        double silent = Stopwatch.GetElapsedTime(Volatile.Read(ref lastAnswer)).TotalSeconds;
        release.SetResult();
        EndOfRun? end = await target.WaitAsync(Wait);

        Assert.Equal("target lost at t=0.400 s: nothing from it for 1 s", e.Message);
        Assert.True(silent >= 1.0 && silent < 3.0, $"lost {silent:F3} s after the last answer");
        Assert.Equal(("error", e.Message), (end?.Status, end?.Reason));
        Assert.Equal((41UL, 40L, e.Message), (runner.Report.Ticks, runner.Report.AnswersApplied, runner.Report.Error));
    }

    private static System.Diagnostics.Process StartPython(Bridge b, string extra)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "Python", "python_target.py");
        var psi = new ProcessStartInfo(PythonPeer.Python, $"\"{script}\" {b.ControlUrl} {b.DataUrl} {extra}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return System.Diagnostics.Process.Start(psi)!;
    }

    [PythonFact]
    public void A_python_target_that_dies_is_lost_at_the_tick_it_did_not_answer()
    {
        using var b = new Bridge();
        using System.Diagnostics.Process python = StartPython(b, "--die-after 25");
        try
        {
            HelloReply reply = Handshake.Accept(b.Control, HelloFor(), "python", TimeSpan.FromSeconds(20), Wait);
            var runner = new HilRunner(b.Control, b.Data, reply, new HilRunOptions
            {
                AnswerTimeout = TimeSpan.FromSeconds(10),
                HeartbeatTimeout = TimeSpan.FromSeconds(1),
            });
            var clock = Stopwatch.StartNew();
            HilException e = Assert.Throws<HilException>(() => runner.Run(new Simulator(Straight("3")), 0));
            double took = clock.Elapsed.TotalSeconds;
            Assert.True(python.WaitForExit(10_000), "python target did not exit");
            // 25 answers (ticks 0..24), then os._exit: tick 25, sent at t = 0.250 s, is never answered.
            Assert.Equal("target lost at t=0.250 s: nothing from it for 1 s", e.Message);
            Assert.Equal(3, python.ExitCode);
            Assert.Equal(25L, runner.Report.AnswersApplied);
            // 25 quick ticks, 0.2 s for the last answer to leave, then 1 s of silence.
            Assert.True(took >= 1.0 && took < 3.0, $"run took {took:F3} s");
        }
        finally
        {
            if (!python.HasExited)
            {
                python.Kill();
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_slow_target_is_alive_while_it_sends_heartbeats_and_lost_when_it_does_not(bool heartbeats)
    {
        using var b = new Bridge();
        Task<EndOfRun> target = SpeedTarget(b, (client, t) =>
        {
            if (t.Index == 20)
            {
                // 1.5 s on one answer: longer than the heartbeat timeout, shorter than the answer timeout.
                var slow = Stopwatch.StartNew();
                while (slow.Elapsed < TimeSpan.FromSeconds(1.5))
                {
                    Thread.Sleep(250);
                    if (heartbeats)
                    {
                        client.Heartbeat();
                    }
                }
            }
        });
        var runner = new HilRunner(b.Control, b.Data, b.Accept(HelloFor()), new HilRunOptions
        {
            AnswerTimeout = TimeSpan.FromSeconds(5),
            HeartbeatTimeout = TimeSpan.FromSeconds(1),
        });
        var clock = Stopwatch.StartNew();
        if (heartbeats)
        {
            RunResult via = runner.Run(new Simulator(Straight("0.5")), 0);
            runner.End(0, "pass", via.EndReason.Name(), "{}");
            Assert.True(clock.Elapsed.TotalSeconds >= 1.5, "the slow answer was waited for");
            Assert.Equal(SpeedController(Straight("0.5")).StateHash, via.StateHash);
            Assert.Equal(50L, runner.Report.AnswersApplied);
            Assert.Equal("pass", (await target.WaitAsync(Wait)).Status);
        }
        else
        {
            HilException e = Assert.Throws<HilException>(() => runner.Run(new Simulator(Straight("0.5")), 0));
            Assert.Equal("target lost at t=0.200 s: nothing from it for 1 s", e.Message);
            Assert.Equal(("error", e.Message), ((await target.WaitAsync(Wait)).Status, e.Message));
        }
    }

    [Fact]
    public async Task A_live_target_is_not_lost_while_the_simulator_itself_is_slow()
    {
        // The sensors take 3 s on one step (a heavy camera frame, say), longer than the heartbeat
        // timeout; the target waits in NextTick, sending a heartbeat every 0.5 s. Those heartbeats
        // wait in the socket: the target is alive. The timeout is 4 heartbeat periods: with 2, a
        // target thread starved for half a second by test projects running beside it (CI) was lost.
        using var b = new Bridge();
        Task<EndOfRun> target = SpeedTarget(b);
        var runner = new HilRunner(b.Control, b.Data, b.Accept(HelloFor()), new HilRunOptions
        {
            AnswerTimeout = TimeSpan.FromSeconds(5),
            HeartbeatTimeout = TimeSpan.FromSeconds(2),
        });
        RunResult via = Closed(runner, new Simulator(Straight("0.5")), sim =>
        {
            if (sim.Steps == 20)
            {
                Thread.Sleep(3000);
            }
        });
        runner.End(0, "pass", via.EndReason.Name(), "{}");
        Assert.Equal("pass", (await target.WaitAsync(Wait)).Status);
        Assert.Equal(SpeedController(Straight("0.5")).StateHash, via.StateHash);
    }

    [PythonFact]
    public void The_python_example_target_sends_heartbeats_while_the_simulator_is_slow()
    {
        using var b = new Bridge();
        using System.Diagnostics.Process python = StartPython(b, "");
        try
        {
            HelloReply reply = Handshake.Accept(b.Control, HelloFor(), "python", TimeSpan.FromSeconds(20), Wait);
            var runner = new HilRunner(b.Control, b.Data, reply, new HilRunOptions { HeartbeatTimeout = TimeSpan.FromSeconds(1) });
            RunResult via = Closed(runner, new Simulator(Straight("0.5")), sim =>
            {
                if (sim.Steps == 20)
                {
                    Thread.Sleep(1500); // the target idles 1.5 s: only its heartbeats keep it from being lost
                }
            });
            runner.End(0, "pass", via.EndReason.Name(), "{}");
            Assert.True(python.WaitForExit(10_000), "python target did not exit");
            Assert.Equal("end of run after 50 ticks: pass (duration)", python.StandardOutput.ReadToEnd().Trim());
            // The controller is min(max(0.8 * (25 - v), -3), 2) in Python: the same IEEE arithmetic.
            Assert.Equal(SpeedController(Straight("0.5")).StateHash, via.StateHash);
        }
        finally
        {
            if (!python.HasExited)
            {
                python.Kill();
            }
        }
    }

    // ---- 5. Real time ------------------------------------------------------------------------------

    /// <summary>A real-time target: answers every tick as it comes, after <paramref name="think"/> while <paramref name="slow"/> says so.</summary>
    private static Task<EndOfRun> RealTimeTarget(Bridge b, TimeSpan think = default, Func<bool>? slow = null) => Task.Run(() =>
    {
        using TargetClient client = b.Connect(SpeedReply("rt"));
        while (client.NextTick(Wait) is { } t)
        {
            if (think > TimeSpan.Zero && (slow?.Invoke() ?? true))
            {
                Thread.Sleep(think);
            }
            client.Answer(t, 0, Accel(t.Vehicle!.Speed));
        }
        return client.End!;
    });

    /// <summary>The first Tick encoding costs JIT time; paid here so it does not count as lateness.</summary>
    private static void WarmUp()
        => WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.Tick, 0, 0), new Tick(0, [], new VehicleState(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)));

    [Theory]
    [InlineData("1", 1.0, 100, 1.0, 1.5)]  // 100 steps of 10 ms at wall speed
    [InlineData("2", 4.0, 200, 0.5, 1.0)]  // 2 s of simulation four times faster than the wall clock
    public async Task Real_time_paces_the_run_to_the_wall_clock(string duration, double factor, int ticks, double minS, double maxS)
    {
        WarmUp();
        using var b = new Bridge();
        Task<EndOfRun> target = RealTimeTarget(b);
        var runner = new HilRunner(b.Control, b.Data, b.Accept(HelloFor()), new HilRunOptions { Mode = HilMode.RealTime, RealTimeFactor = factor });
        var clock = Stopwatch.StartNew();
        RunResult via = runner.Run(new Simulator(Straight(duration)), 0);
        double took = clock.Elapsed.TotalSeconds;
        runner.End(0, "pass", via.EndReason.Name(), "{}");
        await target.WaitAsync(Wait);

        // The run ends at simulated time 'duration', reached on the paced clock at duration / factor.
        Assert.True(took >= minS && took < maxS, $"run took {took:F3} s");
        Assert.Equal((ulong)ticks, runner.Report.Ticks);
        Assert.Equal(ticks, runner.Report.TickLateness.Count);
        Assert.True(runner.Report.RoundTrip.Count > 0 && runner.Report.AnswersApplied > 0);
        // Every applied answer's round trip is measured (none is invalid or older than the send-time ring).
        Assert.Equal(runner.Report.AnswersApplied, runner.Report.RoundTrip.Count);
        Assert.Equal("real_time", ReportJson(runner.Report).GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Real_time_never_waits_for_a_slow_target_but_applies_its_answers()
    {
        WarmUp();
        bool running = true;
        using var b = new Bridge();
        // 50 ms per answer while the run lasts (five steps): answers come late and for old ticks. The run
        // lasts 3 s: in a 1 s run a loaded CI machine once scheduled the target's thread too late to answer at all.
        Task<EndOfRun> target = RealTimeTarget(b, TimeSpan.FromMilliseconds(50), () => Volatile.Read(ref running));
        var runner = new HilRunner(b.Control, b.Data, b.Accept(HelloFor()), new HilRunOptions { Mode = HilMode.RealTime });
        var clock = Stopwatch.StartNew();
        RunResult via = runner.Run(new Simulator(Straight("3")), 0);
        double took = clock.Elapsed.TotalSeconds;
        Volatile.Write(ref running, false);
        runner.End(0, "pass", via.EndReason.Name(), "{}");
        await target.WaitAsync(Wait);

        Assert.True(took >= 3.0 && took < 3.5, $"run took {took:F3} s");
        Assert.Equal(300UL, runner.Report.Ticks);
        Assert.True(runner.Report.AnswersApplied > 0, "no answer applied");
        // At most one answer per 50 ms reaches the runner (60 in 3 s): far fewer than the 300 ticks.
        Assert.True(runner.Report.AnswersApplied <= 70, $"{runner.Report.AnswersApplied} applied");
        // Every answer took 50 ms against a 10 ms step: each one missed the target's deadline.
        Assert.Equal(runner.Report.AnswersApplied, runner.Report.LateAnswers);
        // Late answers change the run: it is not the lockstep one.
        Assert.NotEqual(SpeedController(Straight("3")).StateHash, via.StateHash);
    }

    [Fact]
    public async Task A_slow_sensor_step_in_real_time_is_one_deadline_miss()
    {
        // Step 200 ms at factor 1: tick k is due at k x 200 ms, and a miss is a send more than 200 ms late.
        // Tick k-1 leaves on time; the sensors of state k then take 500 ms, so tick k leaves at
        // (k-1) x 200 + 500 = k x 200 + 300 ms: 300 ms late, a miss. Tick k+1 (due k x 200 + 200) goes at
        // once, 100 ms late: not a miss; tick k+2 is due at k x 200 + 400, after that: on time again. So
        // each slow step is exactly one miss, with 100 ms of margin on either side of the threshold (at
        // 40 ms steps the 20 ms margins were eaten by a loaded 2-core CI machine).
        int[] slowSteps = [5, 12, 19];
        WarmUp();
        using var b = new Bridge();
        Task<EndOfRun> target = RealTimeTarget(b);
        var runner = new HilRunner(b.Control, b.Data, b.Accept(HelloFor(stepNs: 200_000_000)), new HilRunOptions { Mode = HilMode.RealTime });
        RunResult via = Closed(runner, new Simulator(Straight("5", step: "0.2")), sim =>
        {
            if (slowSteps.Contains((int)sim.Steps))
            {
                Thread.Sleep(500);
            }
        });
        runner.End(0, "pass", via.EndReason.Name(), "{}");
        await target.WaitAsync(Wait);

        Assert.Equal(25UL, runner.Report.Ticks);
        Assert.Equal(25, runner.Report.TickLateness.Count);
        Assert.Equal(slowSteps.Length, runner.Report.DeadlineMisses);
        Assert.Equal(slowSteps.Length, ReportJson(runner.Report).GetProperty("deadline_misses").GetInt64());
        // Each miss is listed at its tick's simulated time: state k of the 200 ms steps, k x 0.2 s.
        Assert.Equal(slowSteps.Select(k => Math.Round(k * 0.2, 9)), ReportJson(runner.Report).GetProperty("deadline_miss_times_s").EnumerateArray().Select(t => Math.Round(t.GetDouble(), 9)));
    }

    // ---- 6. Sensor frames in ticks ---------------------------------------------------------------

    private const string Rig = """
        name: hil-rig
        sensors:
          - name: imu
            type: imu
            mount: {x: 1.4, y: 0, z: 0.35}
            rate: 200
            gyro_arw_deg_rt_h: 0.3
            gyro_bias_instability_deg_h: 10
            accel_vrw_m_s_rt_h: 0.1
            accel_bias_instability_mg: 0.1
          - name: ground_truth
            type: ground_truth
            mount: {x: 1.4, y: 0, z: 0}
            rate: 10
            range: 150
        """;

    private sealed class CollectingSink : ISensorSink
    {
        public List<List<(SensorFrame Frame, byte[] Payload)>> Steps { get; } = new();

        public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload) => Steps[^1].Add((frame, payload.ToArray()));
    }

    [Fact]
    public async Task Ticks_carry_exactly_the_requested_sensor_outputs_bit_for_bit()
    {
        // In process: the same rig on the same run (zero demand, as the target answers), outputs per state.
        var expected = new CollectingSink();
        {
            Scenario scenario = Straight("1");
            var sim = new Simulator(scenario);
            sim.UseExternalDriver(0);
            SensorRig rig = RigLoader.Parse("hil-rig.yaml", Rig);
            var world = new SensorWorld(scenario.Network, sim.EntityCount, sim.Seed);
            do
            {
                expected.Steps.Add([]);
                world.Update(sim);
                rig.Step(world, expected);
            }
            while (sim.Advance());
        }

        using var b = new Bridge();
        SensorRig hilRig = RigLoader.Parse("hil-rig.yaml", Rig);
        var received = new List<(Tick Tick, byte[][] Payloads)>();
        Task<EndOfRun> target = Task.Run(() =>
        {
            using TargetClient client = b.Connect(new HelloReply("imu-only", "1", ["imu"], ActuationMode.Command, false));
            while (client.NextTick(Wait) is { } t)
            {
                received.Add((t, client.Payloads.Select(p => p.ToArray()).ToArray()));
                client.Answer(t, 0, 0);
            }
            return client.End!;
        });
        HelloReply reply = b.Accept(HelloFor(sensors: SensorManifest.FromRig(hilRig)));
        var runner = new HilRunner(b.Control, b.Data, reply, new HilRunOptions { AnswerTimeout = Wait });
        Scenario hilScenario = Straight("1");
        var hilSim = new Simulator(hilScenario);
        var hilWorld = new SensorWorld(hilScenario.Network, hilSim.EntityCount, hilSim.Seed);
        RunResult via = Closed(runner, hilSim, sim =>
        {
            hilWorld.Update(sim);
            hilRig.Step(hilWorld, runner.Frames);
        });
        runner.End(0, "pass", via.EndReason.Name(), "{}");
        await target.WaitAsync(Wait);

        Assert.Equal(100, received.Count);
        int imu = 0;
        for (int k = 0; k < received.Count; k++)
        {
            (Tick tick, byte[][] payloads) = received[k];
            var want = expected.Steps[k].Where(o => o.Frame.Sensor == "imu").ToList();
            // 200 Hz in 10 ms steps: the initial state has the output at t = 0, every later step two.
            Assert.Equal(k == 0 ? 1 : 2, want.Count);
            Assert.Equal(want.Count, tick.Frames.Count);
            Assert.Equal(want.Count, payloads.Length);
            for (int i = 0; i < want.Count; i++)
            {
                FrameDescriptor d = tick.Frames[i];
                SensorFrame f = want[i].Frame;
                Assert.Equal((f, i + 1), (d.Frame, d.PayloadFrame));
                Assert.Equal("imu", d.Frame.Sensor);
                Assert.Equal(want[i].Payload, payloads[d.PayloadFrame - 1]);
                imu++;
            }
        }
        // Ticks 0..99 carry the outputs at 0, 5, ..., 990 ms: 1 s x 200 Hz - 1 = 199 (the one at
        // 995 ms and 1000 ms belong to the final state, which has no tick).
        Assert.Equal(199, imu);
        Assert.Equal(199L, runner.Report.Stream("imu").Frames);
        // The ground truth was produced (10 Hz: t = 0, 0.1, ..., 0.9 s in the ticked states) but not sent.
        Assert.Equal(10, expected.Steps.Take(100).Sum(s => s.Count(o => o.Frame.Sensor == "ground_truth")));
        Assert.DoesNotContain(received, r => r.Tick.Frames.Any(d => d.Frame.Sensor != "imu"));
        Assert.Equal(["imu"], ReportJson(runner.Report).GetProperty("streams").EnumerateObject().Select(p => p.Name).ToArray());
    }

    // ---- 7. CAN actuation --------------------------------------------------------------------------

    /// <summary>The CAN target's command: a constant steering wheel angle and the speed controller.</summary>
    private const double WheelDeg = 7.77;

    [Fact]
    public async Task A_can_target_drives_through_the_dbc_and_corrupt_frames_are_dropped()
    {
        string dbcPath = TestFiles.Repo("scenarios", "can", "vehicle.dbc");
        // In process, by hand: SteeringAngleRequest has factor 0.1 deg, so 7.77 deg goes as raw 78 and
        // comes back as 78 x 0.1 deg, a road-wheel angle of that / 15 (the steering ratio) in rad;
        // AccelerationRequest has factor 0.001 m/s^2, rounded to the nearest count (halves away from zero).
        double road = Math.Round(WheelDeg / 0.1, MidpointRounding.AwayFromZero) * 0.1 / 15 * Math.PI / 180;
        RunResult expected = InProcess(Straight("3"), e => (road, Math.Round(Accel(e.Speed) / 0.001, MidpointRounding.AwayFromZero) * 0.001));
        RunResult unquantised = InProcess(Straight("3"), e => (WheelDeg / 15 * Math.PI / 180, Accel(e.Speed)));
        Assert.NotEqual(unquantised.StateHash, expected.StateHash);

        int corrupt = 0;
        using var b = new Bridge();
        Task<EndOfRun> target = Task.Run(() =>
        {
            using TargetClient client = b.Connect(new HelloReply("can-target", "1", [], ActuationMode.Can, WantsVehicleState: true));
            // The target knows the bus from the Hello alone.
            DbcDatabase dbc = DbcReader.Parse("hello.dbc", client.Hello.Dbc!);
            DbcMessage steerMsg = dbc.Message("ADAS_SteeringRequest")!, accelMsg = dbc.Message("ADAS_AccelerationRequest")!;
            ulong counter = 0;
            byte[] Frame(DbcMessage m, string value, string active, double physical, ulong count, bool corruptCrc)
            {
                var data = new byte[m.Length];
                Assert.True(m.Signal(value)!.Encode(data, physical));
                m.Signal(active)!.Encode(data, 1);
                m.Signals.Single(s => s.Name.EndsWith("_Counter", StringComparison.Ordinal)).WriteRaw(data, count);
                DbcSignal crc = m.Signals.Single(s => s.Name.EndsWith("_Checksum", StringComparison.Ordinal));
                crc.WriteRaw(data, (ulong)(CanChecksum.Crc8J1850(data, crc.StartBit / 8) ^ (corruptCrc ? 0x5A : 0)));
                return data;
            }
            while (client.NextTick(Wait) is { } t)
            {
                // Both messages share one rolling counter value per tick (each message has its own counter).
                var frames = new List<CanFrame>
                {
                    new(steerMsg.Id, Frame(steerMsg, "SteeringAngleRequest", "SteeringRequestActive", WheelDeg, counter % 16, false)),
                    new(accelMsg.Id, Frame(accelMsg, "AccelerationRequest", "AccelerationRequestActive", Accel(t.Vehicle!.Speed), counter % 16, false)),
                };
                if (t.Index % 10 == 0)
                {
                    // After the good ones, so it would win if it were applied: full lock, and a bad CRC. It
                    // carries the next counter value without using it up, so the counters never jump.
                    frames.Add(new(steerMsg.Id, Frame(steerMsg, "SteeringAngleRequest", "SteeringRequestActive", -300, (counter + 1) % 16, true)));
                    corrupt++;
                }
                counter++;
                client.AnswerCan(t, frames);
            }
            return client.End!;
        });
        var options = new HilRunOptions { AnswerTimeout = Wait, Can = new CanActuationDecoder(DbcReader.Load(dbcPath)) };
        var runner = new HilRunner(b.Control, b.Data, b.Accept(HelloFor(dbc: File.ReadAllText(dbcPath))), options);
        RunResult via = runner.Run(new Simulator(Straight("3")), 0);
        runner.End(0, "pass", via.EndReason.Name(), "{}");
        await target.WaitAsync(Wait);

        Assert.Equal(expected.StateHash, via.StateHash);
        Assert.Equal(30, corrupt); // ticks 0, 10, ..., 290
        JsonElement can = ReportJson(runner.Report).GetProperty("can");
        Assert.Equal((600L, 0L, 30L, 0L, 0L),
            (can.GetProperty("decoded").GetInt64(), can.GetProperty("counter_jumps").GetInt64(), can.GetProperty("bad_checksum").GetInt64(),
             can.GetProperty("wrong_length").GetInt64(), can.GetProperty("not_actuation").GetInt64()));
        Assert.Equal("can", ReportJson(runner.Report).GetProperty("actuation").GetString());
    }
}
