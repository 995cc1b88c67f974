using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using HilBridge.Session;
using HilBridge.Transport;

namespace HilBridge.Tests;

public sealed class HandshakeTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_target_gets_the_manifest_and_its_stream_choice_is_accepted()
    {
        (ControlServer server, int port) = ControlServer.BindRandom("tcp://127.0.0.1");
        using (server)
        using (var client = new ControlClient($"tcp://127.0.0.1:{port}"))
        {
            Hello? seen = null;
            var target = Task.Run(() => seen = Handshake.Connect(client, h => new HelloReply("t", "1.0", [h.Sensors[1].Name], ActuationMode.Command, true), Wait));
            HelloReply reply = Handshake.Accept(server, WireCodecTests.SampleHello(), "test", Wait, Wait);
            await target.WaitAsync(Wait);
            Assert.Equal(["front"], reply.Streams);
            Assert.True(reply.WantsVehicleState);
            Assert.Equal(WireCodecTests.SampleHello().Sensors, seen!.Sensors);
        }
    }

    [Fact]
    public async Task A_stream_not_in_the_manifest_is_refused_on_both_sides()
    {
        (ControlServer server, int port) = ControlServer.BindRandom("tcp://127.0.0.1");
        using (server)
        using (var client = new ControlClient($"tcp://127.0.0.1:{port}"))
        {
            var target = Task.Run(() =>
            {
                Handshake.Connect(client, _ => new HelloReply("t", "1.0", ["lidar_top"], ActuationMode.Command, false), Wait);
                return SessionFaultTests.NextNotHeartbeat(client);
            });
            HilException e = Assert.Throws<HilException>(() => Handshake.Accept(server, WireCodecTests.SampleHello(), "test", Wait, Wait));
            Assert.Contains("stream 'lidar_top' is not in the sensor manifest (imu, front)", e.Message);
            Refusal r = Assert.IsType<Refusal>((await target.WaitAsync(Wait))!.Body);
            Assert.Contains("lidar_top", r.Reason);
        }
    }

    [Fact]
    public void A_target_of_another_version_is_refused_counted_and_the_session_ends_at_once()
    {
        (ControlServer server, int port) = ControlServer.BindRandom("tcp://127.0.0.1");
        using (server)
        using (var client = new ControlClient($"tcp://127.0.0.1:{port}"))
        {
            client.SendRaw(WireCodec.Encode(new Envelope(2, MessageType.Heartbeat, 0, 0), Heartbeat.Instance));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            HilException e = Assert.Throws<HilException>(() => Handshake.Accept(server, WireCodecTests.SampleHello(), "test", Wait, Wait));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
            Assert.Contains("protocol version 2", e.Message);
            Assert.Equal(1, server.Rejected(RejectReason.WrongVersion));
            ReceivedMessage answer = client.Receive(Wait)!;
            Refusal r = Assert.IsType<Refusal>(answer.Body);
            Assert.Contains("protocol version 2", r.Reason);
            Assert.Equal([WireCodec.Version], r.SupportedVersions);
            Assert.True(server.Closed);
            Assert.Null(client.Receive(TimeSpan.FromSeconds(1))); // the Refusal was the last word: no Hello, no Heartbeat
        }
    }

    [Fact]
    public async Task A_simulator_of_another_version_is_refused_by_the_target()
    {
        (ControlServer server, int port) = ControlServer.BindRandom("tcp://127.0.0.1");
        using (server)
        using (var client = new ControlClient($"tcp://127.0.0.1:{port}"))
        {
            var target = Task.Run(() => Assert.Throws<HilException>(() => Handshake.Connect(client, _ => throw new InvalidOperationException("not reached"), Wait)));
            Assert.NotNull(server.Receive(Wait));
            server.Send(MessageType.Hello, 0, WireCodecTests.SampleHello() with { SupportedVersions = [3] });
            Assert.Contains("this target speaks protocol version 1, the simulator 3", (await target.WaitAsync(Wait)).Message);
            Refusal r = Assert.IsType<Refusal>(server.Receive(Wait)!.Body);
            Assert.Contains("version 1", r.Reason);
        }
    }

    [Fact]
    public void No_target_is_a_clear_error_within_the_timeout()
    {
        (ControlServer server, int port) = ControlServer.BindRandom("tcp://127.0.0.1");
        using (server)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            HilException e = Assert.Throws<HilException>(() => Handshake.Accept(server, WireCodecTests.SampleHello(), $"tcp://127.0.0.1:{port}", TimeSpan.FromMilliseconds(300), Wait));
            Assert.Equal($"no target connected to tcp://127.0.0.1:{port} within 0.3 s", e.Message);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        }
    }
}
