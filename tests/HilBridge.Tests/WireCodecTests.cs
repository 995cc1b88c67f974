using System.Buffers;
using HilBridge.Protocol.Messages;
using HilBridge.Protocol;
using MessagePack;
using SensorModels.Output;

namespace HilBridge.Tests;

public sealed class WireCodecTests
{
    internal static Hello SampleHello() => new(
        "highway_cut_in", 10_000_000, 42,
        [
            new SensorManifestEntry("imu", "imu", 100, "imu.v1", 1.4, 0, 0.35, 0, 0, 0, null),
            new SensorManifestEntry("front", "camera", 30, "camera.rgb8.v1", 1.9, 0, 1.35, 0, 0.01, 0, "{\"fx\":1662.8}"),
        ],
        "VERSION \"\"\nBO_ 100 M: 8 ADAS\n", [WireCodec.Version]);

    internal static Actuation SampleActuation() => new(
        17, ActuationMode.Command, -0.0125, 1.5,
        [new CanFrame(0x2E4, [1, 2, 3, 4, 5, 6, 7, 8])],
        [new PerceivedObject(3, "pedestrian", 20.5, -1.75, 0.9, 0.5, 0.6, 1.8, 1.5708, 0, 1.39, 0.93)],
        [new("ttc", 3.25), new("aeb", 0)]);

    private static T RoundTrip<T>(MessageType type, T body)
    {
        byte[] bytes = WireCodec.Encode(new Envelope(WireCodec.Version, type, 123_000_000, 9), body!);
        (Envelope env, object decoded) = WireCodec.Decode(bytes);
        Assert.Equal(new Envelope(WireCodec.Version, type, 123_000_000, 9), env);
        return Assert.IsType<T>(decoded);
    }

    [Fact]
    public void Every_message_survives_a_round_trip()
    {
        Hello h = RoundTrip(MessageType.Hello, SampleHello());
        Assert.Equal(SampleHello().Sensors, h.Sensors);
        Assert.Equal((SampleHello().Scenario, SampleHello().StepNs, SampleHello().Seed, SampleHello().Dbc), (h.Scenario, h.StepNs, h.Seed, h.Dbc));
        Assert.Equal([WireCodec.Version], h.SupportedVersions);

        HelloReply reply = RoundTrip(MessageType.HelloReply, new HelloReply("bench-orin", "0.3.1", ["imu", "front"], ActuationMode.Can, true));
        Assert.Equal(("bench-orin", "0.3.1", ActuationMode.Can, true), (reply.TargetName, reply.TargetVersion, reply.Mode, reply.WantsVehicleState));
        Assert.Equal(["imu", "front"], reply.Streams);

        var tick = new Tick(17, [new FrameDescriptor(new SensorFrame("front", "", "camera.rgb8.v1", 5, 100, 200), 1)], new VehicleState(1, 2, 3, 0.1, 0.01, 0, 20, 0.1, -1, 0.2, 0.05, 0.002));
        Tick t = RoundTrip(MessageType.Tick, tick);
        Assert.Equal(tick.Frames, t.Frames);
        Assert.Equal(tick.Vehicle, t.Vehicle);
        Assert.Null(RoundTrip(MessageType.Tick, tick with { Vehicle = null }).Vehicle);

        Actuation a = RoundTrip(MessageType.Actuation, SampleActuation());
        Assert.Equal((17UL, ActuationMode.Command, -0.0125, 1.5), (a.Tick, a.Mode, a.SteeringAngle, a.Acceleration));
        Assert.Equal(0x2E4u, a.CanFrames[0].Id);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, a.CanFrames[0].Data);
        Assert.Equal(SampleActuation().Objects, a.Objects);
        Assert.Equal(SampleActuation().Debug, a.Debug);

        Assert.Same(Heartbeat.Instance, RoundTrip(MessageType.Heartbeat, Heartbeat.Instance));
        Assert.Equal(new EndOfRun("error", "target lost at t=3.2 s", "{}"), RoundTrip(MessageType.EndOfRun, new EndOfRun("error", "target lost at t=3.2 s", "{}")));
        Refusal refusal = RoundTrip(MessageType.Refusal, new Refusal("version 2 not spoken", [1]));
        Assert.Equal("version 2 not spoken", refusal.Reason);
    }

    [Fact]
    public void The_envelope_is_the_documented_array()
    {
        // Independent of the codec: read the bytes with MessagePack's own reader as docs/hil-protocol.md describes them.
        byte[] bytes = WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.Heartbeat, -5, 7), Heartbeat.Instance);
        var r = new MessagePackReader(bytes);
        Assert.Equal(6, r.ReadArrayHeader());
        Assert.Equal("SIMHIL", r.ReadString());
        Assert.Equal(1, r.ReadInt32());
        Assert.Equal(6, r.ReadInt32());
        Assert.Equal(-5, r.ReadInt64());
        Assert.Equal(7, r.ReadInt64());
        Assert.Equal(0, r.ReadArrayHeader());
        Assert.True(r.End);
    }

    [Fact]
    public void Another_version_is_refused_as_such()
    {
        byte[] bytes = WireCodec.Encode(new Envelope(2, MessageType.Heartbeat, 0, 0), Heartbeat.Instance);
        var e = Assert.Throws<ProtocolException>(() => WireCodec.Decode(bytes));
        Assert.Equal(RejectReason.WrongVersion, e.Reason);
        Assert.Contains("protocol version 2", e.Message);
    }

    [Fact]
    public void Oversized_messages_strings_and_lists_are_rejected_before_use()
    {
        var limits = new ProtocolLimits { MaxHeaderBytes = 4096, MaxListLength = 1, MaxStringBytes = 16 };
        byte[] hello = WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.Hello, 0, 0), SampleHello());
        Assert.Equal(RejectReason.Oversized, Assert.Throws<ProtocolException>(() => WireCodec.Decode(new byte[4097], limits)).Reason);
        ProtocolException list = Assert.Throws<ProtocolException>(() => WireCodec.Decode(hello, limits with { MaxStringBytes = 1000 }));
        Assert.Equal(RejectReason.Oversized, list.Reason);
        Assert.Contains("Hello.sensors: 2 entries", list.Message);
        ProtocolException str = Assert.Throws<ProtocolException>(() => WireCodec.Decode(hello, limits with { MaxListLength = 10 }));
        Assert.Contains("Hello.dbc", str.Message);
    }

    [Fact]
    public void Non_finite_numbers_unknown_modes_and_trailing_bytes_are_malformed()
    {
        byte[] nan = WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.Actuation, 0, 0), SampleActuation() with { Acceleration = double.NaN });
        Assert.Contains("Actuation.acceleration", Assert.Throws<ProtocolException>(() => WireCodec.Decode(nan)).Message);
        byte[] ok = WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.Heartbeat, 0, 0), Heartbeat.Instance);
        ProtocolException trailing = Assert.Throws<ProtocolException>(() => WireCodec.Decode(ok.Append((byte)0xc0).ToArray()));
        Assert.Contains("1 bytes after the envelope", trailing.Message);
        byte[] mode = WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.Actuation, 0, 0), SampleActuation() with { Mode = (ActuationMode)7 });
        Assert.Contains("actuation mode 7", Assert.Throws<ProtocolException>(() => WireCodec.Decode(mode)).Message);
    }

    [Fact]
    public void Thousands_of_random_and_mutated_messages_are_rejected_cleanly_or_decoded()
    {
        var rng = new Random(20261126);
        byte[][] seeds =
        [
            WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.Hello, 0, 0), SampleHello()),
            WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.Actuation, 1, 1), SampleActuation()),
            WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.HelloReply, 1, 1), new HelloReply("t", "1", ["imu"], ActuationMode.Command, false)),
        ];
        int rejected = 0, decoded = 0;
        for (int i = 0; i < 20_000; i++)
        {
            byte[] m;
            if (i % 4 == 0)
            {
                m = new byte[rng.Next(0, 200)];
                rng.NextBytes(m);
            }
            else
            {
                m = (byte[])seeds[i % seeds.Length].Clone();
                int edits = rng.Next(1, 6);
                for (int k = 0; k < edits; k++)
                {
                    switch (rng.Next(3))
                    {
                        case 0: m[rng.Next(m.Length)] = (byte)rng.Next(256); break;
                        case 1: m = m.AsSpan(0, rng.Next(m.Length)).ToArray(); break;
                        default: m[rng.Next(m.Length)] ^= (byte)(1 << rng.Next(8)); break;
                    }
                    if (m.Length == 0)
                    {
                        break;
                    }
                }
            }
            try
            {
                WireCodec.Decode(m);
                decoded++;
            }
            catch (ProtocolException)
            {
                rejected++;
            }
        }
        Assert.Equal(20_000, rejected + decoded);
        Assert.True(rejected > 15_000, $"{rejected} rejected, {decoded} decoded");
    }
}
