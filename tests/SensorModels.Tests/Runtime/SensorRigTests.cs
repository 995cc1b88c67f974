using SensorModels.Mathematics;
using SensorModels.Output;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SensorModels.Tests.Runtime;

public class SensorRigTests
{
    /// <summary>Records the frames it is asked for and writes the interpolated ego x.</summary>
    private sealed class Probe(SensorDefinition d, double acquisition = 0) : Sensor(d)
    {
        public List<(SensorFrame Frame, double X)> Frames { get; } = new();

        public override string Format => "probe.v1";

        public override double AcquisitionSeconds => acquisition;

        protected override void Produce(SensorWorld world, ISensorSink sink, in SensorFrame frame)
        {
            double x = world.At(world.EgoIndex, new SimCore.Timing.SimTime(frame.EndNanoseconds)).X;
            Frames.Add((frame, x));
            sink.Write(frame, BitConverter.GetBytes(x));
        }
    }

    private static SensorDefinition Def(string name, double rate, double phase = 0) => new(name, "probe", Pose3.Identity, rate, phase, default);

    // An ego at 10 m/s along +x from x = 0, storyboard-driven (constant speed), 1 s.
    private const string Yaml = """
        name: probe
        duration: 1
        step: 0.01
        road: {id: r, geometry: [line: 500], lanes: {right: [{width: 3.5}]}}
        entities:
          - {name: ego, type: car, position: {road: r, lane: -1, s: 0}, speed: 10, driver: reference, model: kinematic}
        """;

    private static List<Probe> Run(params Probe[] probes)
    {
        Scenario s = ScenarioLoader.Parse("probe.yaml", Yaml);
        var sim = new Simulator(s);
        var world = new SensorWorld(s.Network, sim.EntityCount, 1);
        var rig = new SensorRig("test", probes);
        var sink = new CountingSink();
        var stages = new StepStages(sim);
        stages.Sensing += x =>
        {
            world.Update(x);
            rig.Step(world, sink);
        };
        stages.Run();
        return probes.ToList();
    }

    [Fact]
    public void A400HzSensorFiresFourTimesPerStepOnExactNanoseconds()
    {
        Probe p = Run(new Probe(Def("imu", 400)))[0];
        // t = 0 and every 2.5 ms up to 1 s: 401 outputs, sequence numbers 0..400.
        Assert.Equal(401, p.Frames.Count);
        for (int i = 0; i < p.Frames.Count; i++)
        {
            Assert.Equal(i, p.Frames[i].Frame.Sequence);
            Assert.Equal(i * 2_500_000L, p.Frames[i].Frame.EndNanoseconds);
        }
    }

    [Fact]
    public void ASlowSensorWithAPhaseFiresOnItsOwnTimes()
    {
        Probe p = Run(new Probe(Def("gnss", 3, 0.25)))[0];
        // 0.25, 0.5833..., 0.9166... s: the period is rounded once to whole nanoseconds.
        long period = (long)Math.Round(1e9 / 3);
        Assert.Equal(new[] { 250_000_000L, 250_000_000L + period, 250_000_000L + 2 * period }, p.Frames.Select(f => f.Frame.EndNanoseconds));
    }

    [Fact]
    public void OutputsBetweenStepsSeeInterpolatedStates()
    {
        Probe p = Run(new Probe(Def("imu", 400)))[0];
        // Kinematic ego at constant 10 m/s: x = 10 t exactly, at sub-step times too.
        foreach ((SensorFrame f, double x) in p.Frames)
        {
            Assert.Equal(10.0 * f.EndNanoseconds / 1e9, x, 9);
        }
    }

    [Fact]
    public void AcquisitionWindowEndsAtTheOutputTime()
    {
        Probe p = Run(new Probe(Def("lidar", 10), acquisition: 0.1))[0];
        Assert.All(p.Frames, f => Assert.Equal(100_000_000L, f.Frame.EndNanoseconds - f.Frame.StartNanoseconds));
    }
}
