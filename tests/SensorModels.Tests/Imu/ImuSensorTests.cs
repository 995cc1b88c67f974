using SensorModels.Imu;
using SensorModels.Mathematics;
using SensorModels.Output;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Diagnostics;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SensorModels.Tests.Imu;

public class ImuSensorTests
{
    internal sealed class Recorder : ISensorSink
    {
        public List<(SensorFrame Frame, byte[] Payload)> Frames { get; } = new();

        public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload) => Frames.Add((frame, payload.ToArray()));
    }

    private static string Scenario(double speed, string road = "[line: 500]", double duration = 1, string more = "") => $$$"""
        name: imu
        duration: {{{duration}}}
        step: 0.01
        road: {id: r, geometry: {{{road}}}, lanes: {right: [{width: 3.5}]}}
        entities:
          - {name: ego, type: car, position: {road: r, lane: -1, s: 0}, speed: {{{speed}}}, driver: reference, model: kinematic}
          {{{more}}}
        """;

    internal static Recorder Run(string scenarioYaml, string rigYaml, ulong seed = 1)
    {
        Scenario s = ScenarioLoader.Parse("s.yaml", scenarioYaml);
        SensorRig rig = RigLoader.Parse("rig.yaml", rigYaml);
        var sim = new Simulator(s);
        var world = new SensorWorld(s.Network, sim.EntityCount, seed);
        var sink = new Recorder();
        var stages = new StepStages(sim);
        stages.Sensing += x =>
        {
            world.Update(x);
            rig.Step(world, sink);
        };
        stages.Run();
        return sink;
    }

    [Fact]
    public void AStandingEgosImuReadsGravityOnlyAt400Hz()
    {
        const string rig = """
            sensors:
              - {name: imu, type: imu, rate: 400, mount: {x: 1.5, y: 0.2, z: 0.5, roll: 0, pitch: 0, yaw: 0}}
            """;
        // An obstacle 4 m ahead of the front bumper keeps the reference driver standing on the brake (a negative
        // actuator acceleration at zero speed, which is not a motion).
        Recorder r = Run(Scenario(0, more: "- {name: block, type: obstacle, dimensions: {length: 1, width: 1, height: 1}, position: {relative_to: ego, lane: 0, ds: 8}}"), rig);
        Assert.Equal(401, r.Frames.Count);
        Assert.All(r.Frames, f =>
        {
            Assert.Equal("imu.v1", f.Frame.Format);
            Assert.Equal(ImuSensor.PayloadBytes, f.Payload.Length);
            (Vec3 force, Vec3 rate) = ImuPayload.Read(f.Payload);
            Assert.True((force - new Vec3(0, 0, 9.80665)).Length < 1e-9, $"{force}");
            Assert.True(rate.Length < 1e-12, $"{rate}");
        });
    }

    [Fact]
    public void OnAnArcTheImuMeasuresTheCentripetalAccelerationAndYawRate()
    {
        // Kinematic ego at 10 m/s in the right lane (centre 1.75 m outside) of a 100 m radius left
        // arc: R = 101.75 m at the rear axle, yaw rate r = v / R. In a steady turn every point on
        // the vehicle's x axis has lateral acceleration u r (body-fixed axes), and a point at x
        // ahead of the rear axle (which does not slide) has -r^2 x along x: the lever-arm term.
        // cg_x is the car preset's cg_to_rear, where the snapshot's lateral values apply.
        const string rig = """
            sensors:
              - {name: imu, type: imu, rate: 10, cg_x: 1.4227170936, mount: {x: 1.5, y: 0, z: 0.5, roll: 0, pitch: 0, yaw: 0}}
            """;
        Recorder rec = Run(Scenario(10, "[{arc: {length: 500, curvature: 0.01}}]", duration: 10), rig);
        // After 10 s the driver has settled on the lane centre.
        (Vec3 force, Vec3 rate) = ImuPayload.Read(rec.Frames[^1].Payload);
        double r = 10 / 101.75;
        Assert.InRange(rate.Z / r, 0.999, 1.001);
        Assert.InRange(force.Y / (10 * r), 0.999, 1.001);
        Assert.InRange(force.X / (-r * r * 1.5), 0.999, 1.001);
        Assert.Equal(9.80665, force.Z, 6);
    }

    [Fact]
    public void NoisyOutputsAreTheSameForTheSameSeed()
    {
        const string rig = """
            sensors:
              - name: imu
                type: imu
                rate: 200
                mount: {x: 1, y: 0, z: 0.3}
                gyro_arw_deg_rt_h: 0.3
                gyro_bias_instability_deg_h: 5
                gyro_turn_on_bias: 1e-3
                gyro_scale_factor_ppm: [100, -200, 300]
                accel_vrw_m_s_rt_h: 0.05
                accel_bias_instability_mg: 0.05
                accel_bias_random_walk: 1e-4
                accel_bias: [0.01, 0, -0.02]
            """;
        Recorder a = Run(Scenario(8), rig, 3), b = Run(Scenario(8), rig, 3), c = Run(Scenario(8), rig, 4);
        Assert.Equal(a.Frames.Select(f => f.Payload), b.Frames.Select(f => f.Payload));
        Assert.NotEqual(a.Frames.Select(f => f.Payload), c.Frames.Select(f => f.Payload));
    }

    [Fact]
    public void ParametersInDatasheetUnitsAreConverted()
    {
        SensorRig rig = RigLoader.Parse("rig.yaml", """
            sensors:
              - {name: imu, type: imu, rate: 100, mount: {}, gyro_arw_deg_rt_h: 0.6}
            """);
        Assert.IsType<ImuSensor>(rig.Sensors[0]);
        Assert.Equal(0.6 * Math.PI / 180 / 60, 0.6 * ImuReader.DegPerSqrtHour, 15);
    }

    [Theory]
    [InlineData("gyro_arw_deg_rt_h: 0.1, gyro_noise_density: 1e-4", "give either 'gyro_noise_density' or 'gyro_arw_deg_rt_h'")]
    [InlineData("gyro_nosie_density: 1e-4", "unknown key 'gyro_nosie_density'")]
    [InlineData("accel_bias: [1, 2]", "needs one number or three")]
    [InlineData("gyro_bias_instability: -1", "must not be negative")]
    public void BadParametersAreErrorsWithLines(string extra, string message)
    {
        var e = Assert.Throws<InputException>(() => RigLoader.Parse("rig.yaml", $$"""
            sensors:
              - {name: imu, type: imu, rate: 100, mount: {}, {{extra}}}
            """));
        Assert.Contains(message, e.Message);
        Assert.Contains("rig.yaml:2", e.Message);
    }
}
