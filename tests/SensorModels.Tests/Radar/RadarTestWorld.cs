using SensorModels.Mathematics;
using SensorModels.Output;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SensorModels.Tests.Radar;

/// <summary>Worlds at t = 0 (initial states) for sensor tests, and sensors built from rig text.</summary>
internal static class RadarTestWorld
{
    /// <summary>A straight one-lane road along +x; the ego at s = 10 (lane -1) with the given speed, then the other entities (YAML flow maps).</summary>
    public static SensorWorld Create(double egoSpeed, params string[] others)
    {
        string entities = string.Join("\n", others.Select(o => "  - " + o));
        string yaml = $"""
            name: t
            duration: 1
            step: 0.01
            road: {"{"}id: r, geometry: [line: 1000], lanes: {"{"}right: [{"{"}width: 3.5{"}"}]{"}"}{"}"}
            entities:
              - {"{"}name: ego, type: car, position: {"{"}road: r, lane: -1, s: 10{"}"}, speed: {egoSpeed.ToString(System.Globalization.CultureInfo.InvariantCulture)}, driver: reference, model: kinematic{"}"}
            {entities}
            """;
        Scenario s = ScenarioLoader.Parse("t.yaml", yaml);
        var sim = new Simulator(s);
        var world = new SensorWorld(s.Network, sim.EntityCount, 7);
        world.Update(sim);
        return world;
    }

    /// <summary>One sensor from a rig entry's YAML (flow map body without name and type).</summary>
    public static T Sensor<T>(string type, string body) where T : Sensor
    {
        SensorRig rig = RigLoader.Parse("rig.yaml", $"sensors:\n  - {{name: s, type: {type}, rate: 20, {body}}}\n");
        return Assert.IsType<T>(rig.Sensors[0]);
    }

    /// <summary>Captures cycle after cycle of the same world (each a new sequence number: new random draws).</summary>
    public static void Cycle(Sensor s, SensorWorld world, ISensorSink sink) => s.Capture(world, sink, world.Time, world.Time);

    public static EntitySnapshot Entity(SensorWorld world, string name)
    {
        foreach (EntitySnapshot e in world.Current)
        {
            if (e.Name == name)
            {
                return e;
            }
        }
        throw new InvalidOperationException(name);
    }

    public static Vec3 SensorPosition(SensorWorld world, Pose3 mount)
        => SensorWorld.VehiclePose(world.Current[world.EgoIndex]).Compose(mount).Position;
}
