using System.Text.Json;
using HilBridge.Protocol.Messages;
using HilBridge.Target;
using SensorModels.GroundTruth;
using Sim.Cli.Tests.Infrastructure;
using SimCore.Entities;

namespace Sim.Cli.Tests;

/// <summary>
/// Mistakes per hour end to end: `sim replay` of a recorded run into a target that reports the
/// streamed ground truth except for misses and ghosts injected at known ticks, and result.json's
/// counts and rates against the hand count.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class PerceptionMistakesReplayTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(120);
    private const long StepNs = 10_000_000; // cpna_night's step, 0.01 s

    private static bool In(long k, long from, long to) => k >= from && k <= to;

    /// <summary>Ticks on which the target does not report the pedestrian: 1000-1009 (10, an episode) and 1100-1101 (2, a flicker).</summary>
    private static bool PedestrianDropped(long k) => In(k, 1000, 1009) || In(k, 1100, 1101);

    /// <summary>
    /// Ticks with a ghost bus (the scenario has no bus) 36 m away: 300-349 (50, an episode), 400-401
    /// (2, a flicker), 500-502 (3 = miss_frames, an episode) and 2990-3000 (11, an episode at the end).
    /// </summary>
    private static bool Ghost(long k) => In(k, 300, 349) || In(k, 400, 401) || In(k, 500, 502) || In(k, 2990, 3000);

    [Fact]
    public void A_replay_with_injected_misses_and_ghosts_reports_the_hand_counted_mistakes_per_hour()
    {
        using var dir = new TempDir();
        // cpna_night: the ego and one pedestrian, 30 s at 0.01 s: 3,001 ticks from t = 0 to 30.00 s.
        string recording = dir.File("run.mcap");
        CliResult rec = SimCli.InProcess("run", Path.Combine(Repo.Scenarios, "euroncap", "cpna_night.yaml"), "--rig", Path.Combine(Repo.Scenarios, "rigs", "hil_target.yaml"),
            "--record", recording, "--out", dir.File("out"), "--quiet");
        Assert.True(rec.ExitCode == 0, rec.ToString());

        JsonElement result = ScriptedReplay.Run(recording, dir.File("replay"), port => () =>
        {
            string? stream = null;
            using TargetClient client = TargetClient.Connect($"tcp://127.0.0.1:{port}", $"tcp://127.0.0.1:{port + 1}", hello =>
            {
                stream = hello.Sensors.Single(s => s.Format == "ground_truth.v1").Name;
                return new HelloReply("scripted-mistakes", "1", [stream], ActuationMode.Command, WantsVehicleState: true);
            }, Long);
            while (client.NextTick(Long) is { } tick)
            {
                long k = client.TickTimeNs / StepNs;
                VehicleState v = tick.Vehicle!;
                var seen = new List<PerceivedObject>();
                foreach (FrameDescriptor f in tick.Frames.Where(f => f.Frame.Sensor == stream))
                {
                    ReadOnlySpan<byte> payload = client.Payload(f);
                    Assert.True(GroundTruthPayload.TryCount(payload, out int n));
                    for (int i = 0; i < n; i++)
                    {
                        GroundTruthObject o = GroundTruthPayload.Read(payload, i);
                        if (o.Kind == EntityKind.Pedestrian && PedestrianDropped(k))
                        {
                            continue;
                        }
                        // Into the ego's vehicle frame (flat road: a rotation by the ego's yaw).
                        double dx = o.Centre.X - v.X, dy = o.Centre.Y - v.Y, c = Math.Cos(v.Yaw), s = Math.Sin(v.Yaw);
                        seen.Add(new PerceivedObject(o.Id, o.Kind.ToString().ToLowerInvariant(), c * dx + s * dy, -s * dx + c * dy, o.Centre.Z - v.Z,
                            o.Length, o.Width, o.Height, o.Heading - v.Yaw, 0, 0, 1.0));
                    }
                }
                if (Ghost(k))
                {
                    seen.Add(new PerceivedObject(9000, "bus", 20, 30, 1.5, 12, 2.5, 3, 0, 0, 0, 0.9));
                }
                client.Answer(tick, 0, 0, seen);
            }
        });

        JsonElement perception = result.GetProperty("perception");
        Assert.Equal(3001, perception.GetProperty("ticks_scored").GetInt64());
        // 30.00 s from the first scored tick to the last, plus the last tick's 0.01 s.
        const double Seconds = 30.01;
        Assert.Equal(Seconds, perception.GetProperty("scored_time_s").GetDouble(), 1e-9);
        JsonElement classes = perception.GetProperty("classes");
        Assert.Equal(["bus", "pedestrian"], classes.EnumerateObject().Select(p => p.Name));

        JsonElement ped = classes.GetProperty("pedestrian");
        Assert.Equal((0L, 12L), (ped.GetProperty("fp").GetInt64(), ped.GetProperty("fn").GetInt64()));
        Assert.Equal((0L, 1L), (ped.GetProperty("fp_episodes").GetInt64(), ped.GetProperty("fn_episodes").GetInt64()));
        Assert.Equal(0.0, ped.GetProperty("fp_per_hour").GetDouble());
        Assert.Equal(3600 / Seconds, ped.GetProperty("fn_per_hour").GetDouble(), 1e-9);

        JsonElement bus = classes.GetProperty("bus");
        Assert.Equal((50L + 2 + 3 + 11, 0L), (bus.GetProperty("fp").GetInt64(), bus.GetProperty("fn").GetInt64()));
        Assert.Equal((3L, 0L), (bus.GetProperty("fp_episodes").GetInt64(), bus.GetProperty("fn_episodes").GetInt64()));
        Assert.Equal(3 * 3600 / Seconds, bus.GetProperty("fp_per_hour").GetDouble(), 1e-9);
        Assert.Equal(0.0, bus.GetProperty("fn_per_hour").GetDouble());

        // The episodes are the events, each stamped with its first tick.
        Assert.Equal(["3.000 false_positive", "5.000 false_positive", "10.000 missed", "29.900 false_positive"],
            perception.GetProperty("events").EnumerateArray()
                .Select(e => FormattableString.Invariant($"{e.GetProperty("time").GetDouble():F3} {e.GetProperty("type").GetString()}")));
    }
}
