using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using MessagePack;

namespace HilBridge.Tests;

/// <summary>The optional planned trajectory of an Actuation: an 8th element only when present, so older answers are unchanged.</summary>
public class PlannedTrajectoryTests
{
    private static readonly Envelope Env = new(WireCodec.Version, MessageType.Actuation, 1_000_000, 7);

    [Fact]
    public void AnAnswerWithoutAPlanIsTheSevenElementArrayItAlwaysWas()
    {
        byte[] bytes = WireCodec.Encode(Env, new Actuation(7, ActuationMode.Command, 0.1, -0.5, [], null, null));
        var r = new MessagePackReader(bytes);
        r.ReadArrayHeader();
        for (int i = 0; i < 5; i++)
        {
            r.Skip();
        }
        Assert.Equal(7, r.ReadArrayHeader());
        var a = (Actuation)WireCodec.Decode(bytes).Body;
        Assert.Null(a.Plan);
    }

    [Fact]
    public void APlanRoundTripsAndBadPlansAreRejected()
    {
        PlannedPose[] plan = [new(1, 10, 2, 0.1, 12, 0.5, 0.01), new(2, 22, 3, 0.12, 12.5, 0.4, 0.012)];
        var a = (Actuation)WireCodec.Decode(WireCodec.Encode(Env, new Actuation(7, ActuationMode.Command, 0.1, -0.5, [], null, null, plan))).Body;
        Assert.Equal(plan, a.Plan);
        PlannedPose[] backwards = [new(2, 0, 0, 0, 0, 0, 0), new(1, 0, 0, 0, 0, 0, 0)];
        var e = Assert.Throws<ProtocolException>(() => WireCodec.Decode(WireCodec.Encode(Env, new Actuation(7, ActuationMode.Command, 0, 0, [], null, null, backwards))));
        Assert.Contains("plan[1]", e.Message);
        PlannedPose[] nan = [new(1, double.NaN, 0, 0, 0, 0, 0)];
        Assert.Throws<ProtocolException>(() => WireCodec.Decode(WireCodec.Encode(Env, new Actuation(7, ActuationMode.Command, 0, 0, [], null, null, nan))));
    }
}
