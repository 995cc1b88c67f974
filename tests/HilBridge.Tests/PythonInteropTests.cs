using HilBridge.Protocol;
using HilBridge.Protocol.Messages;

namespace HilBridge.Tests;

/// <summary>A peer written from docs/hil-protocol.md in Python (msgpack) reads our Hello and answers with an Actuation we read.</summary>
public sealed class PythonInteropTests
{
    [PythonFact]
    public void A_python_peer_reads_hello_and_its_actuation_decodes()
    {
        Hello hello = WireCodecTests.SampleHello();
        byte[] frame = WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.Hello, 250_000_000, 17), hello);
        string script = Path.Combine(AppContext.BaseDirectory, "Python", "peer.py");
        (int code, string output, string err) = PythonPeer.Run($"\"{script}\"", Convert.ToHexString(frame));
        Assert.True(code == 0, "python peer failed: " + err);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("highway_cut_in|imu,front", lines[1].Trim());

        (Envelope env, object body) = WireCodec.Decode(Convert.FromHexString(lines[0].Trim()));
        Assert.Equal(new Envelope(1, MessageType.Actuation, 250_000_000, 0), env);
        Actuation a = Assert.IsType<Actuation>(body);
        Assert.Equal(17UL, a.Tick);                       // the Hello's sequence, echoed
        Assert.Equal(ActuationMode.Command, a.Mode);
        Assert.Equal(-0.0125, a.SteeringAngle);
        Assert.Equal(1.0, a.Acceleration);                 // sent as a MessagePack integer
        Assert.Equal(0x2E4u, a.CanFrames[0].Id);
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 5, 6, 7 }, a.CanFrames[0].Data);
        Assert.Equal(WireCodecTests.SampleActuation().Objects, a.Objects);
        var debug = a.Debug!.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(hello.StepNs, debug["step_ns"]);
        Assert.Equal(hello.Seed, debug["seed"]);
        Assert.Equal(2, debug["sensors"]);
        Assert.Equal(1.9, debug["camera_mount_x"]);
        Assert.Equal(hello.Dbc!.Length, debug["dbc_chars"]);
        Assert.Equal(250_000_000, debug["time_ns"]);
    }
}
