using SensorModels.Lidar;
using SensorModels.Mathematics;
using SensorModels.Output;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SensorModels.Tests.Lidar;

/// <summary>A spinning lidar in a rig casts its columns in the steps they fire in, with the bytes of a sweep cast at its end.</summary>
public class LidarSpreadTests
{
    private static LidarConfig Config(int channels, int columns, int packets = 1, bool compensated = true) => new()
    {
        Elevations = LidarConfig.Uniform(channels, 25, 15),
        Azimuths = LidarConfig.Turn(columns),
        Dropout = 0.05,
        MotionCompensated = compensated,
        Firing = FiringOrder.Sequential,
        Packets = packets,
        MotionBlocks = 32,
    };

    private sealed class Run
    {
        public readonly List<(SensorFrame Frame, byte[] Payload)> Outputs = new();
        public readonly List<long> RaysPerStep = new();
        /// <summary>The time of the step in which each output was written (ns).</summary>
        public readonly List<long> WrittenAt = new();
    }

    /// <summary>Runs the traffic scenario with one lidar in a rig; records its outputs and the rays it cast in each step.</summary>
    private static Run Drive(double step, LidarConfig c, bool asItGoes, int threads, double phase = 0)
    {
        Scenario s = ScenarioLoader.Parse("traffic.yaml", LidarTests.Traffic(0.65, step));
        var sim = new Simulator(s);
        var lidar = new LidarSensor(new SensorDefinition("lidar", "lidar", new Pose3(new Vec3(1.5, 0, 1.9), 0, 0, 0), 10, phase, default), c)
        {
            CastAsItGoes = asItGoes,
            Threads = threads,
        };
        var rig = new SensorRig("test", [lidar]);
        var world = new SensorWorld(s.Network, sim.EntityCount, 7);
        var snapshots = new EntitySnapshot[sim.EntityCount];
        sim.GetSnapshot(snapshots);
        rig.MountScene(s.Network, snapshots);
        var run = new Run();
        var sink = new LidarTests.RecordingSink();
        var stages = new StepStages(sim);
        stages.Sensing += x =>
        {
            long before = lidar.RaysCast;
            int written = sink.Outputs.Count;
            world.Update(x);
            rig.Step(world, sink);
            run.RaysPerStep.Add(lidar.RaysCast - before);
            run.WrittenAt.AddRange(Enumerable.Repeat(world.Time.Nanoseconds, sink.Outputs.Count - written));
        };
        stages.Run();
        run.Outputs.AddRange(sink.Outputs);
        return run;
    }

    private static void AssertSameOutputs(Run expected, Run actual)
    {
        Assert.Equal(expected.Outputs.Count, actual.Outputs.Count);
        for (int k = 0; k < expected.Outputs.Count; k++)
        {
            Assert.Equal(expected.Outputs[k].Frame, actual.Outputs[k].Frame);
            Assert.Equal(expected.Outputs[k].Payload, actual.Outputs[k].Payload);
        }
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.001)]
    [InlineData(0.05)]
    public void SweepsCastAsTheyGoHaveTheBytesOfSweepsCastAtTheirEnd(double step)
    {
        LidarConfig c = Config(16, 512, packets: 4);
        Run oneGo = Drive(step, c, asItGoes: false, threads: 1);
        // t = 0 (the sweep before the start) and 0.1 .. 0.6 s, 4 packets each.
        Assert.Equal(7 * 4, oneGo.Outputs.Count);
        Assert.Equal(Enumerable.Range(0, 7).Select(k => k * 100_000_000L), oneGo.Outputs.Where((_, i) => i % 4 == 3).Select(o => o.Frame.EndNanoseconds));
        Assert.All(oneGo.Outputs, o => Assert.True(LidarTests.Parse(o.Payload).Count > 0));
        AssertSameOutputs(oneGo, Drive(step, c, asItGoes: true, threads: 1));
        AssertSameOutputs(oneGo, Drive(step, c, asItGoes: true, threads: 2));
        // A sweep's bytes do not depend on its neighbours' casting either: a phase only moves the sweeps.
        Run shifted = Drive(step, c, asItGoes: true, threads: 2, phase: 0.03);
        Assert.Equal(Drive(step, c, asItGoes: false, threads: 2, phase: 0.03).Outputs.Select(o => o.Payload), shifted.Outputs.Select(o => o.Payload));
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.001)]
    [InlineData(0.05)]
    public void PacketsAreWrittenInTheStepTheyEndIn(double step)
    {
        const int packets = 8;
        LidarConfig c = Config(16, 512, packets, compensated: false);
        Run atEnd = Drive(step, c, asItGoes: false, threads: 1);
        Run streamed = Drive(step, c, asItGoes: true, threads: 2);
        // The sweeps ending at 0 .. 0.6 s, as when written whole at their ends, in the same order...
        Assert.Equal(7 * packets, atEnd.Outputs.Count);
        var head = new Run();
        head.Outputs.AddRange(streamed.Outputs.Take(atEnd.Outputs.Count));
        AssertSameOutputs(atEnd, head);
        // ... then the packets of the sweep in flight that ended by the run's end at 0.65 s:
        // packet p ends at 0.6 + (p + 1) x 12.5 ms, so packets 0-3.
        Assert.Equal(Enumerable.Range(0, 4).Select(p => (7L, 600_000_000L + (p + 1) * 12_500_000L)),
            streamed.Outputs.Skip(atEnd.Outputs.Count).Select(o => (o.Frame.Sequence, o.Frame.EndNanoseconds)));
        // Each in the first step at or after its end (its columns' blocks are cast by then); the
        // sweep (-0.1, 0] at the start. Written whole, packets wait for the sweep's end.
        long stepNs = (long)Math.Round(step * 1e9);
        long FirstStepAtOrAfter(long t) => Math.Max(0, (t + stepNs - 1) / stepNs * stepNs);
        Assert.Equal(streamed.Outputs.Select(o => FirstStepAtOrAfter(o.Frame.EndNanoseconds)), streamed.WrittenAt);
        Assert.Equal(atEnd.Outputs.Select(o => FirstStepAtOrAfter(o.Frame.Sequence * 100_000_000L)), atEnd.WrittenAt);
    }

    [Fact]
    public void EachStepCastsOnlyTheColumnsThatFiredInIt()
    {
        const int channels = 16, columns = 2048, blocks = 32;
        Run run = Drive(0.01, Config(channels, columns), asItGoes: true, threads: 2);
        // Step k (k >= 1) casts the columns fired in its 10 ms (columns * 0.01 / 0.1 of them) plus
        // at most the part of a block that waited for the block's middle time to pass.
        long bound = channels * ((long)Math.Ceiling(columns * 0.01 / 0.1) + columns / blocks);
        long rays = channels * columns;
        Assert.Equal(rays, run.RaysPerStep[0]); // the sweep (-0.1 s, 0] at the start, all in the past
        Assert.All(run.RaysPerStep.Skip(1), n => Assert.InRange(n, 0, bound));
        // Every sweep is cast once, in full: sweeps ending at 0.1 .. 0.6 s; the one in flight at the end (0.6, 0.65] in part.
        long flight = run.RaysPerStep.Skip(1).Sum() - 6 * rays;
        Assert.InRange(flight, 0, rays * 6 / 10);
        // Spread: each of the 10 steps of a sweep casts about a tenth of it.
        Assert.All(run.RaysPerStep.Skip(2).Take(50), n => Assert.InRange(n, rays / 10 - bound / 2, bound));
    }
}
