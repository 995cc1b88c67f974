using System.Text.Json;
using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using Mcap;
using HilBridge.Target;
using MessagePack;
using Sim.Runtime.Hil;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests.Import;

/// <summary>
/// Open-loop replay of the imported RAV4 drive scored against the human: a target that answers with
/// what the driver did (and plans what the driver then did) scores exactly 0; the reference target
/// (`sim target --map-only`) gets finite errors.
/// </summary>
public class ReplayScoringTests(Rav4Drive drive) : IClassFixture<Rav4Drive>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(120);

    /// <summary>The drive's ticks: ego state [x, y, yaw, speed] and the logged (steering, acceleration).</summary>
    private (double[][] Ego, (double Steer, double Accel)[] Logged) Driven()
    {
        using McapReader r = McapReader.Open(drive.Path);
        ushort ego = r.Channels.Values.Single(c => c.Topic == "/sim/ego").Id, act = r.Channels.Values.Single(c => c.Topic == "/sim/actuation").Id;
        var states = new List<double[]>();
        var logged = new Dictionary<ulong, (double, double)>();
        foreach (McapMessage m in r.ReadMessages())
        {
            if (m.ChannelId == ego)
            {
                var reader = new MessagePackReader(m.Data);
                reader.ReadArrayHeader();
                reader.ReadUInt64();
                double x = reader.ReadDouble(), y = reader.ReadDouble();
                reader.ReadDouble();
                double yaw = reader.ReadDouble();
                reader.ReadDouble();
                reader.ReadDouble();
                states.Add([x, y, yaw, reader.ReadDouble()]);
            }
            else if (m.ChannelId == act && WireCodec.Decode(m.Data).Body is Actuation a)
            {
                logged[a.Tick] = (a.SteeringAngle, a.Acceleration);
            }
        }
        return (states.ToArray(), Enumerable.Range(0, states.Count).Select(i => logged[(ulong)i]).ToArray());
    }

    [SensorModels.Tests.RealDataFact]
    public void ATargetAnsweringWithWhatTheDriverDidScoresExactlyZero()
    {
        (double[][] ego, (double Steer, double Accel)[] logged) = Driven();
        using var dir = new TempDir();
        JsonElement result = ScriptedReplay.Run(drive.Path, dir.File("replay"), port => () =>
        {
            using TargetClient client = TargetClient.Connect($"tcp://127.0.0.1:{port}", $"tcp://127.0.0.1:{port + 1}",
                _ => new HelloReply("logged-values", "1", [], ActuationMode.Command, WantsVehicleState: true), Long);
            while (client.NextTick(Long) is { } tick)
            {
                int k = (int)tick.Index;
                // The plan: where the driver was 1 to 8 s later (100 ticks of 10 ms a second), and what it did there.
                var plan = new List<PlannedPose>();
                for (int s = 1; s <= 8 && k + 100 * s < ego.Length; s++)
                {
                    double[] e = ego[k + 100 * s];
                    plan.Add(new PlannedPose(s, e[0], e[1], e[2], e[3], logged[k + 100 * s].Accel, logged[k + 100 * s].Steer));
                }
                client.Answer(tick, logged[k].Steer, logged[k].Accel, plan: plan.Count > 0 ? plan : null);
            }
        });
        JsonElement control = result.GetProperty("control_divergence");
        Assert.Equal(6005, control.GetProperty("ticks").GetInt32());
        Assert.Equal(0.0, control.GetProperty("steering_max_rad").GetDouble());
        Assert.Equal(0.0, control.GetProperty("acceleration_max").GetDouble());
        JsonElement open = result.GetProperty("open_loop");
        Assert.Equal(6005 - 100, open.GetProperty("plans").GetInt32()); // the last second has no future to plan
        foreach ((string quantity, string unit) in new[] { ("steering", "rad"), ("acceleration", "mps2") })
        {
            JsonElement q = open.GetProperty(quantity);
            Assert.Equal(0.0, q.GetProperty("command").GetProperty($"max_{unit}").GetDouble());
            foreach (string at in new[] { "at_1s", "at_2s", "at_3s" })
            {
                Assert.True(q.GetProperty(at).GetProperty("samples").GetInt32() > 5600);
                Assert.Equal(0.0, q.GetProperty(at).GetProperty($"rms_{unit}").GetDouble());
                Assert.Equal(0.0, q.GetProperty(at).GetProperty($"max_{unit}").GetDouble());
            }
        }
        foreach (JsonElement h in open.GetProperty("horizons").EnumerateArray())
        {
            Assert.True(h.GetProperty("samples").GetInt32() > 5100, h.ToString());
            foreach (string metric in new[] { "ade_m", "fde_m", "average_heading_error_rad", "final_heading_error_rad", "miss_rate" })
            {
                Assert.Equal(0.0, h.GetProperty(metric).GetDouble());
            }
        }
        foreach (JsonProperty score in open.GetProperty("nuplan_scores").EnumerateObject())
        {
            Assert.Equal(1.0, score.Value.GetDouble());
        }
    }

    [SensorModels.Tests.RealDataFact]
    public void TheReferenceTargetGetsFiniteErrors()
    {
        using var dir = new TempDir();
        int targetCode = -1;
        JsonElement result = ScriptedReplay.Run(drive.Path, dir.File("replay"), port => () =>
        {
            int code = Commands.TargetCommand.Execute($"tcp://127.0.0.1:{port}", "reference", Repo.CutIn, 60, null, null, quiet: true, mapOnly: true);
            if (code == 0)
            {
                targetCode = 0;
            }
        });
        Assert.Equal(0, targetCode);
        JsonElement open = result.GetProperty("open_loop");
        Assert.Equal(6005, open.GetProperty("plans").GetInt32());
        foreach ((string quantity, string unit) in new[] { ("steering", "rad"), ("acceleration", "mps2") })
        {
            JsonElement q = open.GetProperty(quantity);
            double rms = q.GetProperty("command").GetProperty($"rms_{unit}").GetDouble();
            Assert.True(double.IsFinite(rms) && rms > 0, $"{quantity} RMS {rms}");
            foreach (string at in new[] { "at_1s", "at_2s", "at_3s" })
            {
                Assert.True(double.IsFinite(q.GetProperty(at).GetProperty($"rms_{unit}").GetDouble()));
            }
        }
        foreach (JsonElement h in open.GetProperty("horizons").EnumerateArray())
        {
            Assert.True(h.GetProperty("samples").GetInt32() > 5100);
            double ade = h.GetProperty("ade_m").GetDouble(), fde = h.GetProperty("fde_m").GetDouble();
            Assert.True(double.IsFinite(ade) && double.IsFinite(fde) && fde >= 0 && ade >= 0, h.ToString());
            Assert.InRange(h.GetProperty("miss_rate").GetDouble(), 0, 1);
        }
    }
}
