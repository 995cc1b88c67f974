using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using HilBridge.Transport;

namespace HilBridge.Tests;

/// <summary>
/// The session's last message must reach the target whole even when the simulator closes its
/// socket, and ends its process, right after sending it.
/// </summary>
public sealed class LastMessageTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_end_of_run_many_write_batches_long_arrives_whole_when_the_simulator_closes_at_once()
    {
        (ControlServer server, int port) = ControlServer.BindRandom("tcp://127.0.0.1");
        var client = new ControlClient($"tcp://127.0.0.1:{port}");
        try
        {
            client.Send(MessageType.Heartbeat, 0, Heartbeat.Instance);
            Assert.IsType<Heartbeat>(server.Receive(Wait)?.Body); // the client is now the server's target
            // 512 KB: 64 of NetMQ's 8 KB write batches (the default limits take up to 1 MB).
            string summary = string.Create(1 << 19, 0, (chars, _) =>
            {
                for (int i = 0; i < chars.Length; i++)
                {
                    chars[i] = (char)('a' + i % 26);
                }
            });
            Task<ReceivedMessage?> received = Task.Run(() =>
            {
                ReceivedMessage? m = SessionFaultTests.NextNotHeartbeat(client);
                client.Dispose(); // a target hangs up once it has its EndOfRun
                return m;
            });
            server.Send(MessageType.EndOfRun, 25_000_000_000, new EndOfRun("pass", "end of scenario", summary));
            server.Dispose();
            EndOfRun end = Assert.IsType<EndOfRun>((await received.WaitAsync(Wait))?.Body);
            Assert.Equal(("pass", "end of scenario"), (end.Status, end.Reason));
            Assert.Equal(summary, end.SummaryJson);
        }
        finally
        {
            server.Dispose();
            client.Dispose();
        }
    }

    [Fact]
    public void A_target_already_gone_does_not_hold_the_close()
    {
        (ControlServer server, int port) = ControlServer.BindRandom("tcp://127.0.0.1");
        using (server)
        {
            using (var client = new ControlClient($"tcp://127.0.0.1:{port}"))
            {
                client.Send(MessageType.Heartbeat, 0, Heartbeat.Instance);
                Assert.IsType<Heartbeat>(server.Receive(Wait)?.Body);
                Assert.Equal(1, server.Connections);
            }
            var gone = System.Diagnostics.Stopwatch.StartNew();
            while (server.Connections > 0 && gone.Elapsed < Wait)
            {
                Thread.Sleep(10);
            }
            Assert.Equal(0, server.Connections);
            server.Send(MessageType.EndOfRun, 1, new EndOfRun("error", "target lost", "{}"));
            var close = System.Diagnostics.Stopwatch.StartNew();
            server.Dispose();
            // Waiting for a hang-up would take the whole 2 s bound.
            Assert.True(close.Elapsed < TimeSpan.FromSeconds(1.5), $"the close took {close.Elapsed.TotalSeconds:F2} s");
        }
    }
}
