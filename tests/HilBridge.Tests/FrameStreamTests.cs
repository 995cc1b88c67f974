using HilBridge.Protocol.Messages;
using HilBridge.Protocol;
using HilBridge.Session;
using HilBridge.Transport;
using SensorModels.Output;

namespace HilBridge.Tests;

public sealed class FrameStreamTests
{
    private static byte[] TickEnvelope(ulong index, int frames) => WireCodec.Encode(
        new Envelope(WireCodec.Version, MessageType.Tick, (long)index * 10_000_000, index),
        new Tick(index, [.. Enumerable.Range(1, frames).Select(i => new FrameDescriptor(new SensorFrame("s" + i, "", "raw", (long)index, 0, 1), i))], null));

    [Fact]
    public void A_tick_and_its_payload_frames_arrive_intact_and_garbage_is_counted_not_thrown()
    {
        (FrameStreamSender sender, int port) = FrameStreamSender.BindRandom("tcp://127.0.0.1");
        using (sender)
        using (var receiver = new FrameStreamReceiver($"tcp://127.0.0.1:{port}", bind: false))
        {
            var rng = new Random(5);
            byte[] big = new byte[6_963_840], small = new byte[33];
            rng.NextBytes(big);
            rng.NextBytes(small);
            sender.Send([0x93, 0x01, 0x02], []);                  // a MessagePack array, but no envelope
            sender.Send(TickEnvelope(3, 2), [big, small]);
            ReceivedMessage? m = receiver.Receive(TimeSpan.FromSeconds(10));
            Assert.NotNull(m);
            Tick t = Assert.IsType<Tick>(m.Body);
            Assert.Equal(3UL, t.Index);
            Assert.Equal(2, m.Payloads.Count);
            Assert.Equal(big, m.Payloads[t.Frames[0].PayloadFrame - 1]);
            Assert.Equal(small, m.Payloads[t.Frames[1].PayloadFrame - 1]);
            Assert.Equal(1, receiver.Rejected(RejectReason.Malformed));
            Assert.Equal(2, sender.Sent);
            Assert.Null(receiver.Receive(TimeSpan.FromMilliseconds(50)));
        }
    }

    [Fact]
    public void With_a_timeout_and_no_peer_the_message_is_dropped_and_counted()
    {
        (FrameStreamSender sender, _) = FrameStreamSender.BindRandom("tcp://127.0.0.1", highWatermark: 1);
        using (sender)
        {
            Assert.False(sender.Send(TickEnvelope(0, 0), [], TimeSpan.FromMilliseconds(20)));
            Assert.False(sender.Send(TickEnvelope(1, 0), [], TimeSpan.FromMilliseconds(20)));
            Assert.Equal((0L, 2L), (sender.Sent, sender.Dropped));
        }
    }

    [Fact]
    public async Task Pooled_payloads_arrive_intact_while_their_arrays_are_reused()
    {
        // Real time copies each payload into a pooled message; the socket returns the array once
        // the bytes are on the wire. A reused array sent early would show in a later tick's bytes.
        const int ticks = 200, length = 300_000;
        (FrameStreamSender sender, int port) = FrameStreamSender.BindRandom("tcp://127.0.0.1");
        using (sender)
        using (var receiver = new FrameStreamReceiver($"tcp://127.0.0.1:{port}", bind: false))
        {
            var frames = new TickFrameBuffer(["lidar"], reuseBuffers: false);
            Task<int> check = Task.Run(() =>
            {
                int good = 0;
                for (int i = 0; i < ticks; i++)
                {
                    ReceivedMessage? m = receiver.Receive(TimeSpan.FromSeconds(20));
                    Assert.NotNull(m);
                    Tick t = Assert.IsType<Tick>(m.Body);
                    byte[] p = m.Payloads.Single();
                    Assert.Equal(length, p.Length);
                    good += (ulong)i == t.Index && BitConverter.ToInt32(p, 0) == i && p.AsSpan(4).IndexOfAnyExcept((byte)(i * 7)) < 0 ? 1 : 0;
                }
                return good;
            });
            byte[] payload = new byte[length];
            long allocatedFrom = 0;
            for (int i = 0; i < ticks; i++)
            {
                if (i == 50)
                {
                    allocatedFrom = GC.GetAllocatedBytesForCurrentThread();
                }
                payload.AsSpan().Fill((byte)(i * 7));
                BitConverter.TryWriteBytes(payload, i);
                frames.Write(new SensorFrame("lidar", "", "raw", i, 0, 1), payload);
                Assert.True(sender.SendPooled(TickEnvelope((ulong)i, 1), frames.Messages, TimeSpan.FromSeconds(20)));
                frames.Recycle();
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedFrom;
            Assert.Equal(ticks, await check.WaitAsync(TimeSpan.FromSeconds(60)));
            // 150 sends of 300 KB: with a fresh array each, 45 MB; pooled, the arrays come back.
            Assert.True(allocated < 20 * length, $"{allocated} bytes allocated for 150 pooled sends");
        }
    }
}
