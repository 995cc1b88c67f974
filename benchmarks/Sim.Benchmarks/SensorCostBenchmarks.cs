using BenchmarkDotNet.Attributes;
using SensorModels.Output;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Scenarios;
using SimCore.Simulation;
using SimCore.Timing;

namespace Sim.Benchmarks;

/// <summary>
/// Cost of one output of a sensor (issue #4: "radar, IMU, CAN costs per cycle"): the sensor is
/// built from a one-sensor rig and asked for outputs inside one simulation step of
/// scenarios/traffic/dense_highway.yaml after 2 s (74 vehicles), written to a sink that only counts.
/// The radar checks occlusion by rays through the scene geometry, as in a run.
/// </summary>
[MemoryDiagnoser]
public class SensorCostBenchmarks
{
    private const int Outputs = 100;
    private SensorWorld _world = null!;
    private Sensor _sensor = null!;
    private readonly CountingSink _sink = new();

    [Params("imu", "gnss", "can", "radar")]
    public string Type { get; set; } = "imu";

    private static readonly Dictionary<string, string> Rigs = new()
    {
        ["imu"] = "{name: s, type: imu, rate: 400, mount: {x: 1.2, y: 0, z: 0.5}, gyro_noise_density: 1e-4, gyro_bias_instability: 2e-5, accel_noise_density: 1e-3, accel_bias_instability: 1e-4}",
        ["gnss"] = "{name: s, type: gnss, rate: 10, mount: {x: 1.0, y: 0, z: 1.5}, horizontal_noise: 0.5, vertical_noise: 1.0, horizontal_bias: 0.3, origin_latitude: 48.1, origin_longitude: 11.5}",
        ["can"] = "{name: s, type: can, rate: 100, mount: {x: 0}, dbc: can/vehicle.dbc}",
        ["radar"] = "{name: s, type: radar, rate: 20, mount: {x: 3.8, y: 0, z: 0.5}}",
    };

    [GlobalSetup]
    public void Setup()
    {
        string root = BenchScenarios.RepoRoot();
        string rigPath = Path.Combine(root, "scenarios", "bench_rig.yaml");
        SensorRig rig = RigLoader.Parse(rigPath, "sensors:\n  - " + Rigs[Type] + "\n");
        _sensor = rig.Sensors[0];
        Scenario s = ScenarioLoader.Load(Path.Combine(root, "scenarios", "traffic", "dense_highway.yaml"));
        var sim = new Simulator(s);
        _world = new SensorWorld(s.Network, sim.EntityCount, 1);
        for (int i = 0; i < 200; i++)
        {
            sim.Advance();
        }
        _world.Update(sim);
        sim.Advance();
        _world.Update(sim);
        _next = _world.Time.Nanoseconds;
        // As in a run: a radar's occlusion by rays through the scene (roads, barriers, vehicles).
        var snapshots = new EntitySnapshot[sim.EntityCount];
        sim.GetSnapshot(snapshots);
        rig.MountScene(s.Network, snapshots);
    }

    [Benchmark(OperationsPerInvoke = Outputs, Description = "one sensor output")]
    public long Produce()
    {
        // Successive output times one period apart, as the schedule gives them (so the CAN bus
        // finds its messages due); states beyond the step are held at the step's end.
        long period = _sensor.Definition.PeriodNanoseconds;
        for (int i = 0; i < Outputs; i++)
        {
            _next += period;
            var t = new SimTime(_next);
            _sensor.Capture(_world, _sink, t, t);
        }
        return _sensor.Sequence;
    }

    private long _next;
}
