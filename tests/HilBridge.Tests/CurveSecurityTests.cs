using HilBridge.Protocol.Messages;
using HilBridge.Protocol;
using HilBridge.Session;
using HilBridge.Transport;
using SensorModels.Output;

namespace HilBridge.Tests;

public sealed class CurveSecurityTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(1.5);
    private readonly string _dir = Directory.CreateTempSubdirectory("curve-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Heartbeat(ulong sequence) => WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.Heartbeat, 0, sequence), Protocol.Messages.Heartbeat.Instance);

    private static byte[] TickEnvelope(ulong index) => WireCodec.Encode(
        new Envelope(WireCodec.Version, MessageType.Tick, (long)index * 10_000_000, index),
        new Tick(index, [new FrameDescriptor(new SensorFrame("s1", "", "raw", (long)index, 0, 1), 1)], null));

    /// <summary>Handshake over the control channel, then a tick with a payload of exactly the limit on the stream.</summary>
    private static async Task RoundTrip(CurveSecurity sim, CurveSecurity target)
    {
        var limits = new ProtocolLimits { MaxPayloadBytes = 64 * 1024 };
        (ControlServer server, int port) = ControlServer.BindRandom("tcp://127.0.0.1", limits, sim);
        (FrameStreamSender sender, int streamPort) = FrameStreamSender.BindRandom("tcp://127.0.0.1", curve: sim);
        using (server)
        using (sender)
        using (var client = new ControlClient($"tcp://127.0.0.1:{port}", limits, target))
        using (var receiver = new FrameStreamReceiver($"tcp://127.0.0.1:{streamPort}", bind: false, limits, curve: target))
        {
            var handshake = Task.Run(() => Handshake.Connect(client, h => new HelloReply("t", "1.0", [h.Sensors[1].Name], ActuationMode.Command, true), Wait));
            HelloReply reply = Handshake.Accept(server, WireCodecTests.SampleHello(), "test", Wait, Wait);
            await handshake.WaitAsync(Wait);
            Assert.Equal(["front"], reply.Streams);

            var payload = new byte[limits.MaxPayloadBytes];
            new Random(7).NextBytes(payload);
            for (ulong i = 0; i < 3; i++)
            {
                Assert.True(sender.Send(TickEnvelope(i), [payload], Wait));
                ReceivedMessage m = receiver.Receive(Wait)!;
                Assert.NotNull(m);
                Assert.Equal(i, Assert.IsType<Tick>(m.Body).Index);
                Assert.Equal(payload, m.Payloads[0]);

                client.Send(MessageType.Actuation, (long)i, new Actuation(i, ActuationMode.Command, 0.1, 0.2, [], null, null));
                Assert.Equal(i, Assert.IsType<Actuation>(server.Receive(Wait)!.Body).Tick);
            }
        }
    }

    [Fact]
    public Task The_simulator_as_curve_server_carries_the_handshake_and_the_stream()
    {
        CurveCertificate sim = CurveCertificate.Generate(), target = CurveCertificate.Generate();
        return RoundTrip(CurveSecurity.Server(sim), CurveSecurity.Client(target, CurveCertificate.FromPublicKey(sim.PublicKey)));
    }

    [Fact]
    public Task The_target_as_curve_server_carries_the_handshake_and_the_stream()
    {
        CurveCertificate sim = CurveCertificate.Generate(), target = CurveCertificate.Generate();
        return RoundTrip(CurveSecurity.Client(sim, CurveCertificate.FromPublicKey(target.PublicKey)), CurveSecurity.Server(target));
    }

    /// <summary>Sends a heartbeat and a tick from a peer with <paramref name="target"/> settings; neither side may get anything.</summary>
    private static void NothingGetsThrough(CurveSecurity sim, CurveSecurity? target)
    {
        (ControlServer server, int port) = ControlServer.BindRandom("tcp://127.0.0.1", curve: sim);
        (FrameStreamSender sender, int streamPort) = FrameStreamSender.BindRandom("tcp://127.0.0.1", highWatermark: 1, curve: sim);
        using (server)
        using (sender)
        using (var client = new ControlClient($"tcp://127.0.0.1:{port}", curve: target))
        using (var receiver = new FrameStreamReceiver($"tcp://127.0.0.1:{streamPort}", bind: false, curve: target))
        {
            client.SendRaw(Heartbeat(0));
            Assert.Null(server.Receive(Short));
            Assert.False(server.HasPeer);
            Assert.Equal(0, server.Strangers);
            Assert.Throws<InvalidOperationException>(() => server.Send(MessageType.Heartbeat, 0, Protocol.Messages.Heartbeat.Instance));
            Assert.Null(client.Receive(TimeSpan.FromMilliseconds(200)));

            // NetMQ may queue a message for a peer whose handshake then fails (Send returns true), but it never reaches it.
            sender.Send(TickEnvelope(0), [], TimeSpan.FromMilliseconds(300));
            sender.Send(TickEnvelope(1), [], TimeSpan.FromMilliseconds(300));
            Assert.Null(receiver.Receive(TimeSpan.FromMilliseconds(300)));
        }
    }

    [Fact]
    public void A_target_with_the_wrong_simulator_key_gets_nothing_through()
    {
        CurveCertificate sim = CurveCertificate.Generate(), target = CurveCertificate.Generate(), other = CurveCertificate.Generate();
        NothingGetsThrough(CurveSecurity.Server(sim), CurveSecurity.Client(target, CurveCertificate.FromPublicKey(other.PublicKey)));
    }

    [Fact]
    public void A_plaintext_target_cannot_talk_to_a_curve_simulator()
        => NothingGetsThrough(CurveSecurity.Server(CurveCertificate.Generate()), null);

    [Fact]
    public void A_target_that_cannot_prove_the_expected_key_is_rejected()
    {
        // The simulator pins the target's key (it plays CURVE client); an impostor with its own pair fails the handshake.
        CurveCertificate sim = CurveCertificate.Generate(), target = CurveCertificate.Generate(), impostor = CurveCertificate.Generate();
        NothingGetsThrough(CurveSecurity.Client(sim, CurveCertificate.FromPublicKey(target.PublicKey)), CurveSecurity.Server(impostor));
    }

    [Fact]
    public void Both_ends_as_curve_server_get_nothing_through()
        => NothingGetsThrough(CurveSecurity.Server(CurveCertificate.Generate()), CurveSecurity.Server(CurveCertificate.Generate()));

    [Fact]
    public void A_stranger_failing_the_handshake_reads_nothing_and_once_gone_takes_no_ticks()
    {
        CurveCertificate sim = CurveCertificate.Generate(), target = CurveCertificate.Generate();
        var good = CurveSecurity.Client(target, CurveCertificate.FromPublicKey(sim.PublicKey));
        (FrameStreamSender sender, int port) = FrameStreamSender.BindRandom("tcp://127.0.0.1", curve: CurveSecurity.Server(sim));
        using (sender)
        using (var receiver = new FrameStreamReceiver($"tcp://127.0.0.1:{port}", bind: false, curve: good))
        {
            // A plaintext stranger keeps failing the handshake and reconnecting (ZeroMQ retries every
            // 100 ms); while one of its attempts is under way, PUSH may queue a message for it, which
            // is then discarded (docs/hil-security.md: in lockstep an answer timeout, never silent).
            // What it may never do: read a tick, or make the target's ticks arrive out of order.
            var stranger = new FrameStreamReceiver($"tcp://127.0.0.1:{port}", bind: false);
            Thread.Sleep(200);
            for (ulong i = 0; i < 20; i++)
            {
                Assert.True(sender.Send(TickEnvelope(i), [], Wait));
            }
            var got = new List<ulong>();
            while (receiver.Receive(TimeSpan.FromMilliseconds(500)) is { Body: Tick t })
            {
                got.Add(t.Index);
            }
            Assert.Equal(got.Order().Distinct(), got); // in order, no repeats (how many arrive depends on the race)
            Assert.Null(stranger.Receive(TimeSpan.FromMilliseconds(100)));
            stranger.Dispose();

            // Once it is gone every tick reaches the target: wait until 5 probes in a row arrived.
            int inARow = 0;
            for (ulong probe = 1000; inARow < 5; probe++)
            {
                Assert.True(probe < 1200, "the stranger's connection was never released");
                Assert.True(sender.Send(TickEnvelope(probe), [], Wait));
                inARow = receiver.Receive(TimeSpan.FromMilliseconds(200)) is { Body: Tick } ? inARow + 1 : 0;
            }
            while (receiver.Receive(TimeSpan.FromMilliseconds(200)) is not null)
            {
            }
            for (ulong i = 100; i < 120; i++)
            {
                Assert.True(sender.Send(TickEnvelope(i), [], Wait));
            }
            for (ulong i = 100; i < 120; i++)
            {
                Assert.Equal(i, Assert.IsType<Tick>(receiver.Receive(Wait)?.Body).Index);
            }
        }
    }

    [Fact]
    public void Generated_key_files_load_back_and_the_secret_file_is_private()
    {
        (CurveCertificate c, string pub, string sec) = CurveKeys.Generate(Path.Combine(_dir, "keys"), "sim");
        CurveCertificate p = CurveKeys.Load(pub), s = CurveKeys.LoadSecret(sec);
        Assert.False(p.HasSecretKey);
        Assert.Equal(c.PublicKey, p.PublicKey);
        Assert.Equal((c.PublicKey, c.SecretKey), (s.PublicKey, s.SecretKey));
        Assert.Equal(40, c.PublicKey.Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(sec));
        }
        Assert.Throws<IOException>(() => CurveKeys.Generate(Path.Combine(_dir, "keys"), "sim"));
        CurveKeyFileException e = Assert.Throws<CurveKeyFileException>(() => CurveKeys.LoadSecret(pub));
        Assert.StartsWith(pub + ": error: no 'secret-key'", e.Message);
    }

    // As zmq.auth.create_certificates writes it (pyzmq 24), metadata and all.
    private const string PyzmqSecret = """
        #   ****  Generated on 2026-11-26 07:15:13.472710 by pyzmq  ****
        #   ZeroMQ CURVE **Secret** Certificate
        #   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.

        metadata
            name = x
        curve
            public-key = "ti(L4(HH&X!U-XXbM*Zcy8iUL5?+NXPhQZ#^=1<S"
            secret-key = "@Uug52^Rb$BRCCbC1gdWuO#{-ppn-}ZqqD<[zP[9"

        """;

    [Fact]
    public void A_pyzmq_certificate_parses_and_its_keys_belong_together()
    {
        CurveCertificate c = CurveKeys.Parse("keys/sim.key_secret", PyzmqSecret);
        Assert.Equal("ti(L4(HH&X!U-XXbM*Zcy8iUL5?+NXPhQZ#^=1<S", c.PublicKey);
        Assert.Equal("@Uug52^Rb$BRCCbC1gdWuO#{-ppn-}ZqqD<[zP[9", c.SecretKey);
        Assert.Equal(c.PublicKey, CurveKeys.Parse("keys/sim.key", "curve\n    public-key = 'ti(L4(HH&X!U-XXbM*Zcy8iUL5?+NXPhQZ#^=1<S'  # ok\n").PublicKey);
        Assert.Equal(c.PublicKey, CurveKeys.Parse(Path.Combine(_dir, "x"), CurveKeys.Format(c, secret: false)).PublicKey);
    }

    [Theory]
    [InlineData("\"ti(L4(HH&X!U-XXbM*Zcy8iUL5?+NXPhQZ#^=1<S\"", "\"@Uug52^Rb$BRCCbC1gdWuO#{-ppn-}ZqqD<[zP[\"", "keys/sim.key_secret:9: error: secret-key: a CURVE key is 40 Z85 characters, this one has 39")]
    [InlineData("\"ti(L4(HH&X!U-XXbM*Zcy8iUL5?+NXPhQZ#^=1<S\"", "\"@Uug52^Rb$BRCCbC1gdWuO#{-ppn-}ZqqD<[zP[~\"", "keys/sim.key_secret:9: error: secret-key: '~' (position 40) is not a Z85 character")]
    [InlineData("\"ti(L4(HH&X!U-XXbM*Zcy8iUL5?+NXPhQZ#^=1<S\"", "\"#####BRCCbC1gdWuO#{-ppn-}ZqqD<[zP[9@Uug5\"", "keys/sim.key_secret:9: error: secret-key: characters 1..5 are not valid Z85 (the group exceeds 32 bits)")]
    [InlineData("\"ti(L4(HH&X!U-XXbM*Zcy8iUL5?+NXPhQZ#^=1<T\"", "\"@Uug52^Rb$BRCCbC1gdWuO#{-ppn-}ZqqD<[zP[9\"", "keys/sim.key_secret:9: error: secret-key does not belong to the public-key on line 8")]
    [InlineData("\"ti(L4(HH&X!U-XXbM*Zcy8iUL5?+NXPhQZ#^=1<S", "\"@Uug52^Rb$BRCCbC1gdWuO#{-ppn-}ZqqD<[zP[9\"", "keys/sim.key_secret:8: error: the value of 'public-key' has no closing \"")]
    public void A_bad_key_is_reported_with_file_and_line(string publicKey, string secretKey, string expected)
    {
        string text = PyzmqSecret.Replace("\"ti(L4(HH&X!U-XXbM*Zcy8iUL5?+NXPhQZ#^=1<S\"", publicKey).Replace("\"@Uug52^Rb$BRCCbC1gdWuO#{-ppn-}ZqqD<[zP[9\"", secretKey);
        CurveKeyFileException e = Assert.Throws<CurveKeyFileException>(() => CurveKeys.Parse("keys/sim.key_secret", text));
        Assert.Equal(expected, e.Message);
    }

    [Theory]
    [InlineData("metadata\ncurve\n    secret-key = \"@Uug52^Rb$BRCCbC1gdWuO#{-ppn-}ZqqD<[zP[9\"\n", "keys/sim.key: error: no 'public-key' under 'curve'")]
    [InlineData("public-key = \"ti(L4(HH&X!U-XXbM*Zcy8iUL5?+NXPhQZ#^=1<S\"\n", "keys/sim.key: error: no 'public-key' under 'curve'")]
    [InlineData("curve\n\tpublic-key = \"ti(L4(HH&X!U-XXbM*Zcy8iUL5?+NXPhQZ#^=1<S\"\n", "keys/sim.key:2: error: indentation must be spaces (4 per level), not tabs")]
    [InlineData("curve\n  public-key = \"ti(L4(HH&X!U-XXbM*Zcy8iUL5?+NXPhQZ#^=1<S\"\n", "keys/sim.key:2: error: indentation of 2 spaces is not a multiple of 4")]
    [InlineData("# c\ncurve\n    public-key = \"a\"\n    public-key = \"b\"\n", "keys/sim.key:4: error: 'curve/public-key' is given twice (first on line 3)")]
    [InlineData("curve\n    public key = 1\n", "keys/sim.key:2: error: 'public key' is not a ZPL name")]
    [InlineData("", "keys/sim.key: error: no 'public-key' under 'curve'")]
    public void A_malformed_file_is_reported_with_file_and_line(string text, string expected)
        => Assert.Equal(expected, Assert.Throws<CurveKeyFileException>(() => CurveKeys.Parse("keys/sim.key", text)).Message);

    [Fact]
    public void A_missing_file_is_named()
    {
        string path = Path.Combine(_dir, "nope.key");
        Assert.StartsWith(path + ": error: cannot read the file", Assert.Throws<CurveKeyFileException>(() => CurveKeys.Load(path)).Message);
    }

    /// <summary>Runs curve_peer.py against a control server built with <paramref name="sim"/>; returns what the server and the peer got.</summary>
    private static (ReceivedMessage? AtServer, string AtPeer) RunPeer(CurveSecurity sim, string mode, string dir, string extra = "")
    {
        (ControlServer server, int port) = ControlServer.BindRandom("tcp://127.0.0.1", curve: sim);
        using (server)
        {
            string script = Path.Combine(AppContext.BaseDirectory, "Python", "curve_peer.py");
            var peer = Task.Run(() => PythonPeer.Run($"\"{script}\" {mode} tcp://127.0.0.1:{port} \"{dir}\" {extra}", Convert.ToHexString(Heartbeat(5))));
            ReceivedMessage? got = server.Receive(Wait);
            if (got is not null)
            {
                server.Send(MessageType.Heartbeat, 1, Protocol.Messages.Heartbeat.Instance);
            }
            (int code, string output, string err) = peer.Result;
            Assert.True(code == 0, "python peer failed: " + err);
            return (got, output.Trim());
        }
    }

    [PythonFact]
    public void Pyzmq_targets_interoperate_in_both_curve_roles_and_key_files_are_shared()
    {
        string script = Path.Combine(AppContext.BaseDirectory, "Python", "curve_peer.py");
        (int code, _, string err) = PythonPeer.Run($"\"{script}\" gen \"{_dir}\"", "");
        Assert.True(code == 0, "python gen failed: " + err);
        CurveCertificate target = CurveKeys.Load(Path.Combine(_dir, "target.key"));            // pyzmq's file, our reader
        Assert.Equal(target.PublicKey, CurveKeys.LoadSecret(Path.Combine(_dir, "target.key_secret")).PublicKey);
        (CurveCertificate sim, _, _) = CurveKeys.Generate(_dir, "sim");                          // our file, pyzmq's reader
        string allowed = Path.Combine(_dir, "allowed");
        Directory.CreateDirectory(allowed);
        File.Copy(Path.Combine(_dir, "sim.key"), Path.Combine(allowed, "sim.key"));

        // The simulator is the CURVE server: libzmq's client checks our key.
        (ReceivedMessage? atServer, string atPeer) = RunPeer(CurveSecurity.Server(sim), "sim-server", _dir);
        Assert.Equal(5UL, atServer!.Envelope.Sequence);
        Assert.IsType<Heartbeat>(WireCodec.Decode(Convert.FromHexString(atPeer)).Body);

        // The target is the CURVE server: we check its key, and its ZAP handler checks ours (mutual authentication).
        (atServer, atPeer) = RunPeer(CurveSecurity.Client(sim, target), "target-server", _dir, $"\"{allowed}\"");
        Assert.IsType<Heartbeat>(atServer!.Body);
        Assert.IsType<Heartbeat>(WireCodec.Decode(Convert.FromHexString(atPeer)).Body);

        // A simulator key not in the target's ZAP list is refused by libzmq.
        (atServer, atPeer) = RunPeer(CurveSecurity.Client(CurveCertificate.Generate(), target), "target-server", _dir, $"\"{allowed}\"");
        Assert.Null(atServer);
        Assert.Equal("timeout", atPeer);
    }
}
