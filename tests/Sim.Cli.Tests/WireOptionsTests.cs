using System.Net;
using System.Net.Sockets;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>`sim run --wire-udp/--wire-out/--wire-utc` (docs/sensors/lidar-wire.md): what a bench receives, and bad options.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class WireOptionsTests
{
    private const string Rig = """
        name: wire_udp
        sensors:
          - {name: os, type: lidar, mount: {x: 1.3, z: 1.9}, rate: 20, channels: 16, azimuth_steps: 512, wire: {format: ouster, profile: LEGACY, port: PORT}}
        """;

    private static string Scenario(TempDir dir, double duration)
        => dir.Write("cut_in.yaml", ScenarioText.CutIn().Replace("duration: 25", $"duration: {duration}", StringComparison.Ordinal));

    [Fact]
    public void Udp_receives_the_same_packets_as_the_capture_holds()
    {
        using var dir = new TempDir();
        using var receiver = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        receiver.Client.ReceiveBufferSize = 8 << 20;
        int port = ((IPEndPoint)receiver.Client.LocalEndPoint!).Port;
        string rig = dir.Write("rig.yaml", Rig.Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var got = new List<byte[]>();
        var listen = new Thread(() =>
        {
            receiver.Client.ReceiveTimeout = 5000;
            try
            {
                while (true)
                {
                    IPEndPoint? from = null;
                    got.Add(receiver.Receive(ref from));
                }
            }
            catch (SocketException)
            {
                // No packet for 5 s: the run is over.
            }
        });
        listen.Start();
        CliResult r = SimCli.InProcess("run", Scenario(dir, 0.3), "--out", dir.File("out"), "--quiet", "--rig", rig, "--wire-udp", "127.0.0.1", "--wire-out", dir.File("wire"));
        Assert.True(r.ExitCode == 0, r.ToString());
        listen.Join();
        // Sweeps at 0, 0.05, ... 0.3 s: 7 sweeps of 512 / 16 packets, each 16 x (16 + 16 x 12 + 4) bytes.
        Assert.Equal(7 * 32, got.Count);
        Assert.All(got, p => Assert.Equal(16 * 212, p.Length));
        using var pcap = Sim.Runtime.Import.Pcap.PcapReader.Open(dir.File("wire/sensors.pcap"));
        var udp = new Sim.Runtime.Import.Pcap.UdpExtractor(pcap.LinkType);
        int i = 0;
        while (pcap.TryNext(out int index, out long offset, out long t, out ReadOnlyMemory<byte> frame))
        {
            Assert.True(udp.TryTake(frame, index, offset, t, out var d));
            Assert.Equal(port, d.DestinationPort);
            Assert.Equal(d.Payload.ToArray(), got[i++]);
        }
        Assert.Equal(got.Count, i);
        Assert.True(File.Exists(dir.File("wire/os.json")));
        Assert.Contains("\"wire\"", File.ReadAllText(dir.File("out/result.json")));
    }

    [Fact]
    public void Wire_options_without_what_they_need_exit_2()
    {
        using var dir = new TempDir();
        string scenario = Scenario(dir, 0.1);
        CliResult r = SimCli.InProcess("run", scenario, "--out", dir.File("out"), "--quiet", "--wire-out", dir.File("wire"));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("need a sensor rig", r.StdErr);

        r = SimCli.InProcess("run", scenario, "--out", dir.File("out"), "--quiet", "--rig", Path.Combine(Repo.Scenarios, "rigs", "minimal.yaml"), "--wire-out", dir.File("wire"));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("this rig has none", r.StdErr);
        Assert.False(Directory.Exists(dir.File("wire")) && Directory.EnumerateFiles(dir.File("wire")).Any());

        r = SimCli.InProcess("run", scenario, "--out", dir.File("out"), "--quiet", "--wire-out", dir.File("wire"), "--wire-utc", "yesterday");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--wire-utc", r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
        BadInputTests.AssertNoOutputs(dir.File("out"));
    }
}
